import { describe, expect, it } from 'vitest';
import type { Fix } from '../positioning/index.js';
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
const fix = (ts: number, x: number, y: number, accuracy = 1.5, level = 0, device = 'd'): Fix => ({
  ts,
  device,
  x,
  y,
  level,
  accuracy,
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

  it('counts another level as inside at once', () => {
    const r = createArrivalRecogniser(frame);
    const events = [0, 1000, 2000].flatMap((t) => r.update(fix(t, 1, 1, 2, 1)));
    expect(events.map((e) => e.type)).toEqual(['arrival']);
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
