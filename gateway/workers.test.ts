import { afterAll, describe, expect, it } from 'vitest';
import { scenario, storeRun } from '../sim/index.js';
import type { PositionerOutput, WorkScan } from './positioner.js';
import { type PositioningWorkers, startWorkers } from './workers.js';

const { venue, radio } = scenario('open-floor');

describe('positioning workers (threads running TypeScript through tsx)', () => {
  const outputs: PositionerOutput[] = [];
  let pool: PositioningWorkers;
  afterAll(() => pool?.close());

  it('start, take stores by partition and answer every batch', async () => {
    pool = await startWorkers({
      threads: 2,
      snapshotEveryMs: 0,
      onOutput: (o) => outputs.push(o),
      onError: (e) => {
        throw e;
      },
    });
    const keys = ['t/a', 't/b', 't/c', 't/d'];
    for (const key of keys) pool.addStore(key, venue.site, {});
    expect(new Set(keys.map((k) => pool.workerOf(k))).size).toBe(2);
    const run = storeRun({ venue, radio, shoppers: 3, seed: 5 });
    let sent = 0;
    for (const batch of run.scans()) {
      if (sent === 40) break;
      if (batch.observations.length === 0) continue;
      const key = keys[sent % keys.length]!;
      const scan: WorkScan = {
        key,
        device: batch.device,
        ts: batch.ts,
        complete: true,
        readings: batch.observations.map((o) => ({ anchor: o.anchor, rssi: o.rssi })),
      };
      pool.send(pool.workerOf(key), [scan]);
      sent++;
    }
    await pool.drained();
    expect(pool.inflight(0) + pool.inflight(1)).toBe(0);
    const fixes = outputs.flatMap((o) => o.fixes);
    expect(fixes.length).toBe(40);
  });
});
