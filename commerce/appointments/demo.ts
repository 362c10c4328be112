/**
 * The demo chain's appointments: a beauty counter pair with a skin-care consultation in every
 * store, and a weekend tasting event with seats. Idempotent: a store that has them keeps them.
 */
import type { Tx } from '../../db/pool.js';
import { createCounter, createService, listCounters, listServices } from './services.js';

export async function seedDemoAppointments(
  tx: Tx,
  tenantId: string,
  stores: readonly { id: string; code: string }[],
): Promise<string[]> {
  const created: string[] = [];
  for (const store of stores) {
    if ((await listServices(tx, store.id, false)).length > 0) continue;
    const counters = (await listCounters(tx, store.id)).map((c) => c.id);
    for (const name of ['美妆柜台 1 Beauty counter 1', '美妆柜台 2 Beauty counter 2'].slice(
      counters.length,
    )) {
      counters.push((await createCounter(tx, tenantId, store.id, { name })).id);
    }
    await createService(tx, tenantId, store.id, {
      name: '护肤咨询 Skin-care consultation',
      description: 'A 30-minute skin analysis and routine advice with our beauty adviser.',
      kind: 'counter',
      duration_min: 30,
      counter_ids: counters,
    });
    await createService(tx, tenantId, store.id, {
      name: '新品试吃会 Tasting event',
      description: 'Taste the season’s new arrivals with our buyers. Free, seats limited.',
      kind: 'event',
      duration_min: 60,
      start_times: ['14:00', '16:00'],
      seats: 12,
      max_party: 4,
      cancel_cutoff_min: 240,
    });
    created.push(`appointments ${store.code}`);
  }
  return created;
}
