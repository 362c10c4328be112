import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../positioning/index.js';
import { observationsFor, scenario, storeRun } from '../sim/index.js';
import { decodeRadio, deviceStore, encodeRadio } from './device-store.js';

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
    // What the store's phones read comes back with it; what is not a phone's note does not.
    const phones = {
      basis: learnt.phones!.basis,
      notes: [{ device: 'p1', db: -2.5, ts: 1_700_000_000_000 }],
    };
    await store.saveRadio([{ key: 'tenant/store', learnt: { ...learnt, phones } }]);
    expect((await store.loadRadio('tenant/store'))?.phones).toEqual(phones);
    const kept = JSON.parse(encodeRadio({ ...learnt, phones }));
    kept.phones.notes.push({ device: 'p2', db: 'loud' }, null);
    expect(decodeRadio(JSON.stringify(kept))?.phones).toEqual(phones);
    // The beacons gone quiet come back too; what is not a beacon's id does not.
    await store.saveRadio([{ key: 'tenant/store', learnt: { ...learnt, quiet: ['b-7', 'b-9'] } }]);
    expect((await store.loadRadio('tenant/store'))?.quiet).toEqual(['b-7', 'b-9']);
    expect(decodeRadio(JSON.stringify({ ...kept, quiet: ['b-7', 7, null] }))?.quiet).toEqual(['b-7']);
    // A gateway of before kept no phones: the map still comes back.
    delete kept.phones;
    expect(decodeRadio(JSON.stringify(kept))).toEqual({ beacons: learnt.beacons });
    expect(decodeRadio('{"beacons": 3}')).toBeUndefined();
    expect(decodeRadio('not json')).toBeUndefined();
  });
});
