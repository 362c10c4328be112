/**
 * What an order asks of the shelves: its lines with bundles expanded into their components and
 * the quantities summed per SKU. Reserving line by line is how bundles oversell (two lines
 * sharing a component each pass their own check); summing first makes one check per SKU.
 */

export interface Line {
  sku_id: string;
  qty: number;
}

/** Lines → demand per stocked SKU, sorted by SKU id so every transaction locks rows in the same order. */
export function demandBySku(
  lines: readonly Line[],
  componentsOf: (skuId: string) => readonly Line[],
): Line[] {
  const demand = new Map<string, number>();
  const add = (skuId: string, qty: number) => demand.set(skuId, (demand.get(skuId) ?? 0) + qty);
  for (const line of lines) {
    const components = componentsOf(line.sku_id);
    if (components.length === 0) add(line.sku_id, line.qty);
    for (const component of components) add(component.sku_id, component.qty * line.qty);
  }
  return [...demand]
    .map(([sku_id, qty]) => ({ sku_id, qty }))
    .sort((a, b) => (a.sku_id < b.sku_id ? -1 : a.sku_id > b.sku_id ? 1 : 0));
}
