/**
 * The store's map as the shoppers' mini-program draws it: outlines, walls, shelves, zones and
 * doors, the connectors between levels, and where each product the store sells sits, by its name.
 * It leaves out what only staff work with: features' free-form properties (an import's notes, the
 * editor's shelf slots), heights and ride times, floor plan images (back-of-house drawings), and
 * placements of SKUs the store does not sell now (discontinued, or laid out before a launch).
 * Beacons are not part of any map: the phone's fixes come from the server.
 */
import type { LevelPoint, MapLevel, VenueMap } from './venue-map.js';

/** A placed SKU as the catalogue names it, for one store. */
export interface SoldProduct {
  /** Product name and variant: `Oatly燕麦奶 1L`. */
  name: string;
  /** Active in the catalogue and available in this store. */
  available: boolean;
}

export interface ShopperMap {
  levels: Pick<MapLevel, 'level' | 'name' | 'outline'>[];
  features: Pick<VenueMap['features'][number], 'id' | 'level' | 'kind' | 'name' | 'polygon'>[];
  connectors: Pick<VenueMap['connectors'][number], 'id' | 'kind' | 'name' | 'from' | 'to' | 'two_way'>[];
  products: (LevelPoint & {
    sku: string;
    name: string;
    feature: string;
    shelf: string | null;
    slot: string | null;
  })[];
}

export function shopperMap(map: VenueMap, sold: ReadonlyMap<string, SoldProduct>): ShopperMap {
  const shelves = new Map(map.features.map((f) => [f.id, f.name]));
  return {
    levels: map.levels.map(({ level, name, outline }) => ({ level, name, outline })),
    features: map.features.map(({ id, level, kind, name, polygon }) => ({ id, level, kind, name, polygon })),
    connectors: map.connectors.map(({ id, kind, name, from, to, two_way }) => ({
      id,
      kind,
      name,
      from,
      to,
      two_way,
    })),
    products: map.products.flatMap(({ sku, feature, slot, level, x, y }) => {
      const product = sold.get(sku);
      if (!product?.available) return [];
      return [{ sku, name: product.name, feature, shelf: shelves.get(feature) ?? null, slot, level, x, y }];
    }),
  };
}
