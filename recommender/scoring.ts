/**
 * Zone popularity, the pure part: which products to show and in what order. Products in or near
 * the zone come first, best sellers first, then nearest, then by code; when the zone has too few,
 * the store's best sellers fill up. Nothing the store cannot sell, and no SKU twice.
 */
import type { PickReason } from './schemas.js';

export interface Candidate {
  sku_id: string;
  code: string;
  /** Units sold in the store lately. */
  units_sold: number;
  /** Units a shopper could buy now in the store (0 when it is not sold there). */
  available: number;
  /** Distance from the zone when placed in or near it; absent otherwise. */
  distance_m?: number | undefined;
}

export interface Pick {
  sku_id: string;
  reason: PickReason;
}

const byPopularity = (a: Candidate, b: Candidate) =>
  b.units_sold - a.units_sold ||
  (a.distance_m ?? 0) - (b.distance_m ?? 0) ||
  (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export function pickProducts(candidates: readonly Candidate[], count: number): Pick[] {
  const sellable = candidates.filter((c) => c.available > 0);
  const zone = sellable.filter((c) => c.distance_m !== undefined).sort(byPopularity);
  const store = sellable.filter((c) => c.distance_m === undefined && c.units_sold > 0).sort(byPopularity);
  const seen = new Set<string>();
  const picks: Pick[] = [];
  for (const c of [...zone, ...store]) {
    if (picks.length >= count) break;
    if (seen.has(c.sku_id)) continue;
    seen.add(c.sku_id);
    const reason =
      c.distance_m === undefined ? 'popular_in_store' : c.units_sold > 0 ? 'popular_in_zone' : 'in_zone';
    picks.push({ sku_id: c.sku_id, reason });
  }
  return picks;
}

/**
 * A line naming the first products within `max` characters (WeChat's `thing` fields take 20):
 * whole names while they fit, then "+N" for the rest; a first name too long is cut with "…".
 */
export function nameLine(names: readonly string[], max: number): string {
  const length = (s: string) => [...s].length;
  let line = '';
  for (let i = 0; i < names.length; i++) {
    const rest = names.length - i - 1;
    const next = line ? `${line}, ${names[i]}` : names[i]!;
    const suffix = rest > 0 ? ` +${rest}` : '';
    if (length(next + suffix) <= max) {
      line = next;
      continue;
    }
    if (line) return `${line} +${names.length - i}`;
    const room = max - length(suffix) - 1;
    return `${[...names[i]!].slice(0, Math.max(1, room)).join('')}…${suffix}`;
  }
  return line;
}
