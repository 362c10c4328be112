import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../positioning/index.js';
import { observationsFor, scenario, storeRun } from '../sim/index.js';
import { decodeRadio, deviceStore } from './device-store.js';

const redis = new Redis('redis://127.0.0.1:6379', { keyPrefix: `test:${randomBytes(4).toString('hex')}:` });
afterAll(() => redis.quit());

describe("a store's learnt radio map in Redis", () => {
  it('comes back as it was kept, and unreadable text is no map at all', async () => {
    const { venue, radio } = scenario('open-floor');
    const engine = createEngine(venue.site);
    for (const o of observationsFor(storeRun({ venue, radio, shoppers: 12, seed: 4 }), 900))
      engine.observe(o);
    const learnt = engine.learntRadio();
    expect(learnt.beacons.length).toBeGreaterThan(0);

    const store = deviceStore(redis, 60);
    await store.saveRadio([{ key: 'tenant/store', learnt }]);
    expect(await store.loadRadio('tenant/store')).toEqual(learnt);
    expect(await store.loadRadio('tenant/other')).toBeUndefined();
    expect(decodeRadio('{"beacons": 3}')).toBeUndefined();
    expect(decodeRadio('not json')).toBeUndefined();
  });
});
