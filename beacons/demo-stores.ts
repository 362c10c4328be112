/**
 * The demo stores' maps and beacons, from the store simulator's venues: what `npm start` shows on
 * the console and what the simulated shoppers walk in. Idempotent: a store that has a map is left as it is,
 * but for the coffee counter of a store with the service, added to a map seeded before the demo drew them.
 */
import type { Tx } from '../db/pool.js';
import type { VenueSpec } from '../sim/index.js';
import { getStore } from '../stores/index.js';
import { COFFEE_COUNTER_ZONE, demoMap, loadVenueMap, replaceVenueMap } from '../venues/index.js';
import { upsertBeacon } from './registry.js';

export interface DemoStoreMap {
  id: string;
  code: string;
  /** The sim venue's shape; its id is replaced by the store code. */
  venue: Omit<VenueSpec, 'id'>;
  /** SKU codes of the catalogue, in shelf order. */
  skus: readonly string[];
}

export async function seedDemoMaps(
  tx: Tx,
  tenantId: string,
  stores: readonly DemoStoreMap[],
): Promise<string[]> {
  const created: string[] = [];
  for (const [index, store] of stores.entries()) {
    const services = (await getStore(tx, store.id))?.services ?? [];
    const { map, anchors } = demoMap({ id: store.code, ...store.venue }, store.skus, services);
    const stored = await loadVenueMap(tx, store.id);
    if (stored.levels.length > 0) {
      // A map seeded before the demo had coffee counters gets its counter (as the seed adds what is missing,
      // a counter deleted from the map comes back at the next start).
      const counter = map.features.find((f) => f.kind === 'zone' && f.name === COFFEE_COUNTER_ZONE);
      if (counter && !stored.features.some((f) => f.kind === 'zone' && f.name === COFFEE_COUNTER_ZONE)) {
        await replaceVenueMap(tx, tenantId, store.id, { ...stored, features: [...stored.features, counter] });
        created.push(`zone ${COFFEE_COUNTER_ZONE} on the map of ${store.code}`);
      }
      continue;
    }
    await replaceVenueMap(tx, tenantId, store.id, map);
    const levelHeight = map.levels[0]?.height_m ?? 4.5;
    for (const a of anchors) {
      const [uuid, , minor] = a.id.split(':');
      // The sim numbers majors by level alone; a brand needs each identity once, so majors carry the store too.
      const major = (index + 1) * 100 + a.level;
      await upsertBeacon(tx, tenantId, store.id, {
        uuid: uuid!,
        major,
        minor: Number(minor),
        name: `${store.code} L${a.level} #${minor}`,
        x: a.x,
        y: a.y,
        z: Math.round((a.z - a.level * levelHeight) * 100) / 100,
        level: a.level,
        tx_power: a.txPower,
      });
    }
    created.push(
      `map of ${store.code} (${map.levels.length} levels, ${map.features.length} features, ${anchors.length} beacons, ${map.products.length} product locations)`,
    );
  }
  return created;
}
