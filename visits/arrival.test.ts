import { describe, expect, it } from 'vitest';
import type { Ring } from '../geofence/index.js';
import { createEngine, type Fix } from '../positioning/index.js';
import { scenario, storefront } from '../sim/index.js';
import { createArrivalRecogniser, type StoreFrame } from './arrival.js';

// A 30 × 20 m shop whose door is on the south wall (y = 0), the pavement at y < 0.
const frame: StoreFrame = {
  outline: [
    [0, 0],
    [30, 0],
    [30, 20],
    [0, 20],
  ],
  groundLevel: 0,
};
/** The door in the south wall, as a store's map draws it. */
const door: Ring = [
  [14, -0.1],
  [16, -0.1],
  [16, 0.1],
  [14, 0.1],
];
const fix = (ts: number, x: number, y: number, accuracy = 1.5, level = 0, device = 'd'): Fix => ({
  ts,
  device,
  x,
  y,
  level,
  accuracy,
});
/** A fix as the engine gives it, with the scan's log-odds for inside. */
const heard = (ts: number, x: number, y: number, insideOdds: number, accuracy = 2): Fix => ({
  ...fix(ts, x, y, accuracy),
  insideOdds,
});

describe('store arrival', () => {
  it('recognises a shopper walking in through the door within seconds', () => {
    const r = createArrivalRecogniser(frame);
    const events = [];
    // Crosses the door at t = 0 and walks north at 1 m/s.
    for (let t = 0; t <= 12; t++) events.push(...r.update(fix(t * 1000, 15, 0.5 + t)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'arrival', device: 'd' });
    expect(events[0]!.ts).toBeLessThanOrEqual(10_000);
  });

  it('does not take a passer-by whose fixes hug the shop window for a shopper', () => {
    const r = createArrivalRecogniser(frame);
    const events = [];
    // The engine keeps fixes inside the outline: 0.3–1.8 m behind the façade, with poor accuracy.
    for (let t = 0; t <= 40; t++) events.push(...r.update(fix(t * 1000, t * 0.75, 0.3 + (t % 4) * 0.5, 3)));
    expect(events).toEqual([]);
  });

  it('never takes a passer-by whose scans fit outside better, however deep the engine puts the fixes', () => {
    const r = createArrivalRecogniser(frame);
    // Fixes wander 2–9 m into the store; the odds scatter around -0.7 with a few loud scans.
    const odds = [-0.7, -1.2, 0.9, -0.4, -1.5, 1.8, -0.9, -0.6, 0.4, -1.1];
    const events = Array.from({ length: 60 }, (_, t) =>
      r.update(heard(t * 1000, 5 + t * 0.4, 2 + (t % 8), odds[t % odds.length]!)),
    ).flat();
    expect(events).toEqual([]);
  });

  it('does not take a loud phone hovering at the door, however long; arrives once it walks in', () => {
    const r = createArrivalRecogniser(frame);
    // Fixes just behind the façade with scans that favour inside (a loud phone, or someone in the doorway).
    const hovering = Array.from({ length: 90 }, (_, t) =>
      r.update(heard(t * 1000, 15, 1 + (t % 3) * 0.5, 1.5)),
    );
    expect(hovering.flat()).toEqual([]);
    const walking = Array.from({ length: 20 }, (_, t) =>
      r.update(heard(90_000 + t * 1000, 15, 2 + t, 1 + t * 0.2)),
    ).flat();
    expect(walking).toHaveLength(1);
    expect(walking[0]).toMatchObject({ type: 'arrival', device: 'd' });
    // The hovering left 1.5 nats (its first three fixes went deeper, each by 0.5 m); y = 3 adds 0.2
    // (shallow, 0.2 beyond a nat); deep enough (3 m + half the 2 m radius) from y = 4, at t = 92 s, and
    // 4 nats by t = 93 s.
    expect(walking[0]!.ts).toBe(93_000);
    expect(r.isInside('d')).toBe(true);
  });

  it('never lets one scan settle an arrival, however clear', () => {
    const r = createArrivalRecogniser(frame);
    expect(r.update(heard(0, 15, 10, 10))).toEqual([]);
    expect(r.update(heard(1000, 15, 10.5, 10))).toEqual([
      { type: 'arrival', ts: 1000, device: 'd', since: 0 },
    ]);
  });

  it('counts some of the odds short of the depth while the track goes deeper, none while it stays', () => {
    const withDoor = { ...frame, openings: [door] };
    // Fixes 0.5–2 m behind the façade (3 m + half the 2 m radius would be deep), scans 2 nats for inside.
    const walkingIn = createArrivalRecogniser(withDoor);
    const events = [0.5, 1, 1.5, 2].flatMap((y, t) => walkingIn.update(heard(t * 1000, 15, y, 2)));
    // A nat each (what lies beyond a nat, at most one), each fix 0.5 m deeper than the last.
    expect(events).toEqual([{ type: 'arrival', ts: 3000, device: 'd', since: 0 }]);
    // Sliding along the window at one depth: the first fix's nat, then nothing, however long.
    const sliding = createArrivalRecogniser(withDoor);
    const along = Array.from({ length: 40 }, (_, t) =>
      sliding.update(heard(t * 1000, 5 + t / 2, 2, 2)),
    ).flat();
    expect(along).toEqual([]);
  });

  it('lets time on the pavement cost nothing: the evidence never sums below zero', () => {
    const r = createArrivalRecogniser(frame);
    const outside = Array.from({ length: 30 }, (_, t) => r.update(heard(t * 1000, t, 1, -3)));
    expect(outside.flat()).toEqual([]);
    const inside = [30_000, 31_000].flatMap((ts, i) => r.update(heard(ts, 15, 8 + i, 2.5)));
    expect(inside).toEqual([{ type: 'arrival', ts: 31_000, device: 'd', since: 30_000 }]);
  });

  it('keeps a shopper inside near a wall, and lets one go whose scans say outside for a minute', () => {
    const r = createArrivalRecogniser(frame);
    for (const ts of [0, 1000]) r.update(heard(ts, 15, 10, 3));
    expect(r.isInside('d')).toBe(true);
    // Browsing along the back wall: the odds are weak either way.
    for (let ts = 2000; ts <= 80_000; ts += 1000) r.update(heard(ts, 15, 19, -1));
    expect(r.isInside('d')).toBe(true);
    // Out on the pavement, fixes still inside the outline, scans clearly outside.
    const leaving = [];
    for (let ts = 81_000; ts <= 142_000; ts += 1000) leaving.push(...r.update(heard(ts, 15, 0.5, -4)));
    expect(leaving).toEqual([{ type: 'departure', ts: 140_000, device: 'd', arrived_at: 0 }]);
  });

  it('ignores odds that are not numbers', () => {
    const r = createArrivalRecogniser(frame);
    const events = [0, 1000, 2000].flatMap((ts) => r.update(heard(ts, 15, 10, Number.NaN)));
    // Counted as a fix without odds: deep enough, 1.5 nats each.
    expect(events.map((e) => e.type)).toEqual(['arrival']);
  });

  it('asks less depth of a narrow shop, where there is no more', () => {
    const narrow = createArrivalRecogniser({
      outline: [
        [0, 0],
        [8, 0],
        [8, 30],
        [0, 30],
      ],
      groundLevel: 0,
    });
    // 4 m from either side wall at most: 3 m + half a 4 m radius would never be met; 40% of 4 m is.
    const events = [0, 1000, 2000].flatMap((ts, i) => narrow.update(heard(ts, 4, 10 + i, 2, 4)));
    expect(events.map((e) => e.type)).toEqual(['arrival']);
  });

  it('measures depth from the wall with the door when the map has openings', () => {
    const withDoor = { ...frame, openings: [door] };
    // Browsing along the west wall, 1 m from it, 6–15 m behind the façade, scans favouring inside.
    const along = (r: ReturnType<typeof createArrivalRecogniser>) =>
      Array.from({ length: 10 }, (_, t) => r.update(heard(t * 1000, 1, 6 + t, 1.5))).flat();
    expect(along(createArrivalRecogniser(withDoor)).map((e) => e.type)).toEqual(['arrival']);
    // Without openings every wall is a façade, and 1 m from one is too close to tell.
    expect(along(createArrivalRecogniser(frame))).toEqual([]);
    // Close behind the wall with the door, still nothing, however long.
    const hugging = createArrivalRecogniser(withDoor);
    const events = Array.from({ length: 60 }, (_, t) =>
      hugging.update(heard(t * 1000, t / 2, 1.5, 1.5)),
    ).flat();
    expect(events).toEqual([]);
  });

  it('takes the step in loudness at the door: a phone leaving the window’s loss behind arrives sooner', () => {
    const withDoor = { ...frame, openings: [door] };
    // Crosses the door at t = 0; the fix lags a metre behind; scans are undecided until 4 m deep.
    const walkIn = (louderDb: (t: number) => number) => {
      const r = createArrivalRecogniser(withDoor);
      for (let t = 0; t <= 20; t++) {
        const y = Math.max(0.3, t - 1);
        const events = r.update({ ...heard(t * 1000, 15, y, y < 4 ? 0 : 1.2, 2), louderDb: louderDb(t) });
        if (events.length > 0) return events[0]!.ts;
      }
      return null;
    };
    const flat = walkIn(() => 0);
    // Every beacon 6 dB louder from the door on, fading as the receiver offset catches up.
    const stepped = walkIn((t) => Math.max(0, 6 - t / 2));
    expect(flat).not.toBeNull();
    expect(stepped).not.toBeNull();
    expect(stepped!).toBeLessThanOrEqual(flat! - 3000);
  });

  it('takes no step in loudness away from the door, nor a passer-by’s swell at the door for an arrival', () => {
    const withDoor = { ...frame, openings: [door] };
    // A passer-by's readings swell by 6 dB as they near the window, 8 m from the door, for half a minute.
    const away = createArrivalRecogniser(withDoor);
    const far = Array.from({ length: 30 }, (_, t) =>
      away.update({ ...heard(t * 1000, 3 + (t % 4), 1, -0.5, 2), louderDb: 6 }),
    ).flat();
    expect(far).toEqual([]);
    // At the door, one passing swell (three scans) whose scans favour outside.
    const passing = createArrivalRecogniser(withDoor);
    const louder = [0, 0, 3, 7, 5, 0, -2, 0, 0, 0];
    const atDoor = louder.flatMap((db, t) =>
      passing.update({ ...heard(t * 1000, 10 + t, 1, -0.8, 2), louderDb: db }),
    );
    expect(atDoor).toEqual([]);
  });

  it('holds back a phone the door filter never saw come in, until its sum is as high as no passer-by’s', () => {
    const r = createArrivalRecogniser(frame);
    // Deep fixes whose scans lean inside, from a phone the door filter keeps on the pavement.
    const deep = (t: number, belief: number): Fix => ({
      ...heard(t * 1000, 15, 10, 1.5),
      insideBelief: belief,
    });
    const arrivals: number[] = [];
    for (let t = 0; t < 12; t++) if (r.update(deep(t, -6)).length > 0) arrivals.push(t);
    // 1.5 nats a scan: a sum of 4 by the third, but the 16 asked of it only by the eleventh.
    expect(arrivals).toEqual([10]);

    const seen = createArrivalRecogniser(frame);
    const arrived: number[] = [];
    // The same scans from a phone whose belief rose past 1 nat after its first five fixes...
    for (let t = 0; t < 12; t++) if (seen.update(deep(t, t === 5 ? 1.5 : -6)).length > 0) arrived.push(t);
    expect(arrived).toEqual([5]);
    // ...but not from one whose belief only came near it: the filter doubted it had come in.
    const doubted = createArrivalRecogniser(frame);
    const late: number[] = [];
    for (let t = 0; t < 12; t++) if (doubted.update(deep(t, t === 5 ? 0.5 : -6)).length > 0) late.push(t);
    expect(late).toEqual([10]);
  });

  it('does not take a belief creeping up from the pavement for the door filter seeing the phone come in', () => {
    // Deep fixes whose scans lean a little inside: 0.4 nats a scan, the 16 asked without the filter by the 40th.
    const deep = (t: number, belief: number): Fix => ({
      ...heard(t * 1000, 15, 10, 0.4),
      insideBelief: belief,
    });
    const arrivalOf = (beliefAt: (t: number) => number) => {
      const r = createArrivalRecogniser(frame);
      for (let t = 0; t < 45; t++) if (r.update(deep(t, beliefAt(t))).length > 0) return t;
      return null;
    };
    // A passer-by standing at the window: the belief creeps from -6 nats, 0.4 a fix, past 1 nat at the 28th
    // fix, 13 fixes after its last at -4. Not a walk in: the sum waits for its 16.
    expect(arrivalOf((t) => Math.min(-6 + 0.4 * Math.max(0, t - 9), 3.5))).toBe(39);
    // A shopper walking in: the belief rises 1 nat a fix, at 1 nat 5 fixes after its last at -4.
    expect(arrivalOf((t) => Math.min(-6 + Math.max(0, t - 14), 3.5))).toBe(21);
    // However slow, a belief that gets to 4 nats (the 34th fix) is a phone come in.
    expect(arrivalOf((t) => -6 + 0.4 * Math.max(0, t - 9))).toBe(34);
  });

  it('takes a belief held high for fifteen fixes as an arrival, for a shopper browsing just inside the door', () => {
    // Shallow fixes whose scans say little either way: the sum never reaches 4.
    const shallow = (t: number, belief: number): Fix => ({
      ...heard(t * 1000, 15, 1.5, 0.2),
      insideBelief: belief,
    });
    const r = createArrivalRecogniser(frame);
    const events = [];
    for (let t = 0; t < 30; t++) events.push(...r.update(shallow(t, t < 5 ? 0 : 4)));
    // Counted from the sixth fix (t = 5), the fifteenth in a row is t = 19; the visit began with the run.
    expect(events).toEqual([{ type: 'arrival', ts: 19_000, device: 'd', since: 5000 }]);

    // A belief that dips below 4 nats starts the count again: a window shopper's creeps up and falls back.
    const wavering = createArrivalRecogniser(frame);
    const none = [];
    for (let t = 0; t < 40; t++) none.push(...wavering.update(shallow(t, t % 12 === 11 ? 3.5 : 4)));
    expect(none).toEqual([]);
  });

  it('takes the belief leaping at the door, then held, as an arrival dated from the leap', () => {
    // Shallow fixes whose scans say little: the sum never reaches 4, nor the belief the held rule's 4 nats.
    const at = (x: number, y: number, beliefs: number[]) => {
      const r = createArrivalRecogniser({ ...frame, openings: [door] });
      return beliefs.flatMap((b, t) => r.update({ ...heard(t * 1000, x, y, 0.2), insideBelief: b }));
    };
    // On the pavement (−3 nats) for eight fixes, then the door: +3 nats within three fixes, held at 2.
    const crossing = [...Array(8).fill(-3), -2, 0, 1, 2, 2, 2, 2, 2];
    // The leap completes on the eleventh fix (t = 10); held at 1.5 from the next, the third of them arrives.
    expect(at(15, 1, crossing)).toEqual([{ type: 'arrival', ts: 13_000, device: 'd', since: 10_000 }]);
    // The same beliefs with the fixes at the far end of the façade: a scan loud by chance, not the door.
    expect(at(2, 1, crossing)).toEqual([]);
    // A leap that falls back (a passer-by's swing) is no arrival; nor a belief that creeps up slowly.
    expect(at(15, 1, [...Array(8).fill(-3), -2, 0, 1, 1, 0.5, 1, 0.5, 1])).toEqual([]);
    expect(at(15, 1, [...Array(8).fill(-3), -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2, 2])).toEqual([]);
  });

  it('after a leap at the door, held or not, asks the sum only 3 nats, shallow fixes counting as deep', () => {
    // Scans leaning inside by a nat, a metre behind the door: shallow, they add nothing to the sum.
    const at = (beliefs: number[]) => {
      const r = createArrivalRecogniser({ ...frame, openings: [door] });
      return beliefs.flatMap((b, t) => r.update({ ...heard(t * 1000, 15, 1, 1), insideBelief: b }));
    };
    // The leap on the eleventh fix (t = 10), the belief then 1 nat, short of the 1.5 held: from the next fix
    // each scan adds its nat, and the third makes 3.
    const leapt = [...Array(8).fill(-3), -2, 0, 1, 1, 1, 1, 1, 1];
    expect(at(leapt)).toEqual([{ type: 'arrival', ts: 13_000, device: 'd', since: 11_000 }]);
    // The same belief reached by creeping up: no leap, and the shallow scans never add up.
    const crept = [...Array(8).fill(-3), -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1, 1, 1, 1, 1, 1];
    expect(at(crept)).toEqual([]);
  });

  it('does not count the door filter’s first fixes, which still carry its even prior', () => {
    const r = createArrivalRecogniser(frame);
    const events = [];
    // A belief of 1.5 nats would let the sum in at 4 (the third fix); from the first five it does not.
    for (let t = 0; t < 12; t++)
      events.push(...r.update({ ...heard(t * 1000, 15, 10, 1.5), insideBelief: t < 5 ? 1.5 : -6 }));
    expect(events.map((e) => e.ts)).toEqual([10_000]);
  });

  it('lets a phone deep in the shop sum nothing against inside once the engine settled, as a deaf one would', () => {
    // A phone several dB deaf: its scans fit a normal phone down the street about as often as not.
    const arrivals = (x: number, y: number) => {
      const r = createArrivalRecogniser(frame);
      const at: number[] = [];
      for (let t = 0; t < 40; t++)
        if (r.update(heard(t * 1000, x, y, t % 2 === 0 ? -1.5 : 1.2, 2)).length > 0) at.push(t);
      return at;
    };
    // 10 m behind every wall: from the tenth fix its outside-leaning scans add nothing, the others 1.2.
    expect(arrivals(15, 10)).toEqual([15]);
    // 5 m in, deep enough to count but not well inside: the same scans never add up.
    expect(arrivals(15, 5)).toEqual([]);
  });

  it('counts another level as inside at once', () => {
    const r = createArrivalRecogniser(frame);
    const events = [0, 1000, 2000].flatMap((t) => r.update(fix(t, 1, 1, 2, 1)));
    expect(events.map((e) => e.type)).toEqual(['arrival']);
  });

  it('does not take a phone the door filter kept on the pavement for one upstairs', () => {
    const r = createArrivalRecogniser(frame);
    // Six fixes at the shop window, the filter sure the phone is outside; then, all its readings quiet,
    // the engine puts it upstairs.
    const atWindow = Array.from({ length: 6 }, (_, t) => ({
      ...heard(t * 1000, 15, 1, -0.5),
      insideBelief: -6,
    }));
    const upstairs = Array.from({ length: 10 }, (_, t) => fix((6 + t) * 1000, 15, 10, 2, 1));
    const at = [...atWindow, ...upstairs].flatMap((f) => r.update(f)).map((e) => e.ts);
    // 2 nats a fix upstairs: the sum of 4 by the second, but the 16 asked of a phone never seen come in
    // only by the eighth.
    expect(at).toEqual([13_000]);
    // Seen come in first, upstairs counts at once.
    const seen = createArrivalRecogniser(frame);
    const cameIn = Array.from({ length: 6 }, (_, t) => ({
      ...heard(t * 1000, 15, 1, -0.5),
      insideBelief: 1,
    }));
    const seenAt = [...cameIn, ...upstairs].flatMap((f) => seen.update(f)).map((e) => e.ts);
    expect(seenAt).toEqual([7_000]);
  });

  it('lets a far outdoor location veto an arrival, and depart a shopper who is elsewhere', () => {
    const r = createArrivalRecogniser(frame);
    r.outdoor({ ts: 0, device: 'd', distance_m: 2000, accuracy_m: 30 });
    const vetoed = [1000, 2000, 3000, 4000].flatMap((t) => r.update(fix(t, 15, 10)));
    expect(vetoed).toEqual([]);
    r.outdoor({ ts: 5000, device: 'd', distance_m: 20, accuracy_m: 30 });
    const arrived = [6000, 7000, 8000].flatMap((t) => r.update(fix(t, 15, 10)));
    expect(arrived.map((e) => e.type)).toEqual(['arrival']);
    expect(r.outdoor({ ts: 9000, device: 'd', distance_m: 3000, accuracy_m: 20 })).toEqual([
      { type: 'departure', ts: 9000, device: 'd', arrived_at: 6000 },
    ]);
  });

  it('departs after a minute without inside evidence, or of silence', () => {
    const r = createArrivalRecogniser(frame);
    for (const t of [0, 1000, 2000, 3000]) r.update(fix(t, 15, 10));
    expect(r.isInside('d')).toBe(true);
    expect(r.tick(40_000)).toEqual([]);
    expect(r.tick(63_000)).toEqual([{ type: 'departure', ts: 63_000, device: 'd', arrived_at: 0 }]);
    expect(r.isInside('d')).toBe(false);
  });

  it('ignores bad and late fixes', () => {
    const r = createArrivalRecogniser(frame);
    expect(r.update(fix(5000, Number.NaN, 3))).toEqual([]);
    r.update(fix(5000, 15, 10));
    expect(r.update(fix(1000, 15, 10))).toEqual([]);
  });
});

describe('store arrival on simulated streets', () => {
  it('takes each shopper who walks in once, and no passer-by, on the engine’s own fixes', () => {
    const { venue } = scenario('open-floor');
    const [doorX] = venue.entrance;
    const frame: StoreFrame = {
      outline: venue.site.levels[0]!.outline.map(([x, y]) => [x, y]),
      groundLevel: 0,
      openings: [
        [
          [doorX - 1, 0],
          [doorX + 1, 0],
          [doorX, 0.2],
        ],
      ],
    };
    // The engine's Site has the door too, as beacons/site.ts builds it from the map.
    const site = {
      ...venue.site,
      levels: venue.site.levels.map((l) => (l.level === 0 ? { ...l, openings: frame.openings } : l)),
    };
    const people = storefront({ venue, seed: 3, passersBy: 8, visitors: 8 });
    for (const person of people) {
      const engine = createEngine(site, { insideOdds: true });
      const r = createArrivalRecogniser(frame);
      const until = person.doorTs === null ? person.endTs : person.doorTs + 60_000;
      const arrivals: number[] = [];
      const feed = (fixes: Fix[]) => {
        for (const f of fixes)
          arrivals.push(...r.update(f).flatMap((e) => (e.type === 'arrival' ? [e.ts] : [])));
      };
      for (const scan of person.scans(until)) {
        feed(engine.tick(scan.ts));
        for (const o of scan.observations) feed(engine.observe(o));
      }
      if (person.doorTs === null) expect(arrivals, person.device).toEqual([]);
      else {
        expect(arrivals, person.device).toHaveLength(1);
        expect(arrivals[0]!, person.device).toBeGreaterThan(person.doorTs);
      }
    }
  });
});
