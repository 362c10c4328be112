/**
 * Golden event sequences: each fixture in test/in (zones, fixes, ticks) has its expected events in
 * test/out. Outputs are rewritten only on purpose: REGEN=1 npx vitest run geofence.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fix } from '../positioning/index.js';
import type { Zone, ZoneEvent } from './index.js';
import { buildZoneIndex, createZoneTracker, type TrackerOptions } from './index.js';

const dir = new URL('./test/', import.meta.url).pathname;

interface Fixture {
  description: string;
  zones: Zone[];
  fixes: Fix[];
  ticks?: number[];
  options?: Partial<TrackerOptions>;
}

function run(fixture: Fixture): ZoneEvent[] {
  const tracker = createZoneTracker(buildZoneIndex(fixture.zones), fixture.options);
  const ticks = [...(fixture.ticks ?? [])];
  const events: ZoneEvent[] = [];
  for (const fix of fixture.fixes) {
    while (ticks.length && ticks[0]! <= fix.ts) events.push(...tracker.tick(ticks.shift()!));
    events.push(...tracker.update(fix));
  }
  for (const t of ticks) events.push(...tracker.tick(t));
  return events;
}

describe('zone events, golden sequences', () => {
  for (const file of readdirSync(join(dir, 'in')).filter((f) => f.endsWith('.json'))) {
    const fixture: Fixture = JSON.parse(readFileSync(join(dir, 'in', file), 'utf8'));
    it(`${file}: ${fixture.description}`, () => {
      const before = JSON.stringify(fixture);
      const events = run(fixture);
      expect(JSON.stringify(fixture), 'the input is not mutated').toBe(before);
      const outFile = join(dir, 'out', file);
      if (process.env.REGEN) writeFileSync(outFile, `${JSON.stringify(events, null, 1)}\n`);
      expect(events).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
    });
  }
});

describe('what the golden files must show', () => {
  const load = (name: string) => run(JSON.parse(readFileSync(join(dir, 'in', `${name}.json`), 'utf8')));
  const kinds = (events: ZoneEvent[]) => events.map((e) => `${e.type}:${e.zone}`);

  it('walks through: one enter, one exit', () => {
    expect(kinds(load('walk-through'))).toEqual(['enter:coffee-counter', 'exit:coffee-counter']);
  });
  it('does not flap at a jittery border', () => {
    expect(load('border-jitter').filter((e) => e.type !== 'dwell').length).toBeLessThanOrEqual(1);
  });
  it('does not enter while the accuracy circle lies mostly outside', () => {
    expect(load('wide-accuracy')).toEqual([]);
  });
  it('fires dwell once per visit', () => {
    const events = load('dwell-once');
    expect(kinds(events)).toEqual(['enter:coffee-counter', 'dwell:coffee-counter', 'exit:coffee-counter']);
    expect(events[1]!.dwell_ms).toBeGreaterThanOrEqual(30_000);
  });
  it('exits after silence', () => {
    expect(kinds(load('silence-exit'))).toEqual(['enter:coffee-counter', 'exit:coffee-counter']);
  });
  it('leaves one zone before entering the next', () => {
    expect(kinds(load('zone-to-zone'))).toEqual([
      'enter:coffee-counter',
      'exit:coffee-counter',
      'enter:aisle-7',
    ]);
  });
  it('keeps levels apart', () => {
    const events = load('other-level');
    expect(kinds(events)).toEqual(['enter:bakery-l1']);
    expect(events[0]!.ts).toBeGreaterThanOrEqual(5000);
  });
  it('tracks devices apart and ignores a late fix', () => {
    expect(load('two-devices').map((e) => `${e.device}:${e.type}`)).toEqual(['a:enter', 'b:enter']);
  });
});

describe('state', () => {
  it('survives a snapshot and restore in another tracker', () => {
    const zones: Zone[] = [
      {
        id: 'z',
        level: 0,
        rings: [
          [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 10],
          ],
        ],
      },
    ];
    const fix = (ts: number, x: number): Fix => ({ ts, device: 'd', x, y: 5, level: 0, accuracy: 1 });
    const first = createZoneTracker(buildZoneIndex(zones));
    for (let t = 0; t <= 3000; t += 1000) first.update(fix(t, 5));
    const second = createZoneTracker(buildZoneIndex(zones));
    second.restore('d', JSON.parse(JSON.stringify(first.snapshot('d'))));
    const events = [];
    for (let t = 4000; t <= 12_000; t += 1000) events.push(...second.update(fix(t, 20)));
    expect(events.map((e) => e.type)).toEqual(['exit']);
    expect(events[0]!.dwell_ms).toBe(4000);
  });

  it('refuses options without hysteresis', () => {
    expect(() => createZoneTracker(buildZoneIndex([]), { enterShare: 0.3, exitShare: 0.5 })).toThrow(
      /hysteresis/,
    );
  });
});
