import { describe, expect, it } from 'vitest';
import { type ScanBatch, scenario, storeRun } from '../sim/index.js';
import { createPositioner, type WorkScan } from './positioner.js';

const { venue, radio } = scenario('open-floor');
const KEY = 'tenant/store';

function phoneScans(seconds: number): WorkScan[] {
  const run = storeRun({ venue, radio, shoppers: 4, seed: 3 });
  const scans: WorkScan[] = [];
  for (const batch of run.scans() as Generator<ScanBatch>) {
    if (batch.ts - run.startTs > seconds * 1000) break;
    scans.push({
      key: KEY,
      device: batch.device,
      ts: batch.ts,
      complete: true,
      readings: batch.observations.map((o) => ({ anchor: o.anchor, rssi: o.rssi })),
    });
  }
  return scans;
}

describe('positioner', () => {
  const scans = phoneScans(40).filter((s) => s.readings.length > 0);

  it('positions a phone batch at once: one fix per batch, stamped with its time', () => {
    const positioner = createPositioner({ snapshotEveryMs: 0 });
    positioner.addStore(KEY, venue.site, {});
    for (const scan of scans.slice(0, 50)) {
      const { fixes } = positioner.position([scan]);
      expect(fixes).toHaveLength(1);
      expect(fixes[0]).toMatchObject({ key: KEY, fix: { device: scan.device, ts: scan.ts } });
    }
  });

  it('keeps batches of one phone apart when they come in one burst (a backlog after a restart)', () => {
    const positioner = createPositioner({ snapshotEveryMs: 0 });
    positioner.addStore(KEY, venue.site, {});
    const device = scans[0]!.device;
    const burst = scans
      .filter((s) => s.device === device)
      .slice(0, 5)
      .map((s, i) => ({ ...s, ts: scans[0]!.ts + 50 * i }));
    const { fixes } = positioner.position(burst);
    expect(fixes.map((f) => f.fix.ts)).toEqual(burst.map((s) => s.ts));
  });

  it('drops a redelivered batch as a duplicate', () => {
    const positioner = createPositioner({ snapshotEveryMs: 0 });
    positioner.addStore(KEY, venue.site, {});
    positioner.position([scans[0]!]);
    const again = positioner.position([scans[0]!]);
    expect(again.fixes).toHaveLength(0);
    expect(again.dropped.duplicate).toBe(scans[0]!.readings.length);
  });

  it('goes on to the very same fixes on another worker restored from snapshots', () => {
    const half = Math.floor(scans.length / 2);
    const whole = createPositioner({ snapshotEveryMs: 0 });
    whole.addStore(KEY, venue.site, {});
    const expected = whole.position(scans).fixes;

    const first = createPositioner({ snapshotEveryMs: 0 });
    first.addStore(KEY, venue.site, {});
    const before = first.position(scans.slice(0, half)).fixes;
    const { snapshots } = first.tick(scans[half - 1]!.ts);
    expect(snapshots.length).toBeGreaterThan(0);
    const second = createPositioner({ snapshotEveryMs: 0 });
    second.addStore(KEY, venue.site, Object.fromEntries(snapshots.map((s) => [s.device, s.state])));
    const after = second.position(scans.slice(half)).fixes;
    // A batch split off at the halfway point closes at once rather than when the next one comes: same fix, earlier.
    const order = (a: { fix: { ts: number; device: string } }, b: { fix: { ts: number; device: string } }) =>
      a.fix.ts - b.fix.ts || a.fix.device.localeCompare(b.fix.device);
    expect([...before, ...after].sort(order)).toEqual([...expected].sort(order));
  });

  it('closes the windows of tags heard by fixed scanners with time', () => {
    const positioner = createPositioner({ snapshotEveryMs: 60_000 });
    positioner.addStore(KEY, venue.site, {});
    const ts = 1_764_200_000_000;
    const anchors = venue.site.anchors.slice(0, 4);
    const pieces = anchors.map((a, i) => ({
      key: KEY,
      device: 'tag:cart-1',
      ts: ts + i * 10,
      complete: false,
      readings: [{ anchor: a.id, rssi: -65 - i }],
    }));
    expect(positioner.position(pieces).fixes).toHaveLength(0);
    expect(positioner.tick(ts + 2000).fixes).toMatchObject([{ key: KEY, fix: { device: 'tag:cart-1' } }]);
  });

  it('takes a store’s new site in place, keeping what it knows of each device', () => {
    const device = scans[0]!.device;
    const own = scans.filter((s) => s.device === device).slice(0, 12);
    const kept = createPositioner({ snapshotEveryMs: 0 });
    kept.addStore(KEY, venue.site, {});
    const replaced = createPositioner({ snapshotEveryMs: 0 });
    replaced.addStore(KEY, venue.site, {});
    kept.position(own.slice(0, 6));
    replaced.position(own.slice(0, 6));
    expect(replaced.replaceSite(KEY, structuredClone(venue.site)).fixes).toEqual([]);
    // A batch already positioned stays refused, and the next ones go on exactly as without the change.
    expect(replaced.position([own[5]!]).dropped.duplicate).toBe(own[5]!.readings.length);
    const expected = kept.position(own.slice(6)).fixes;
    expect(replaced.position(own.slice(6)).fixes).toEqual(expected);
    // A fresh start would not have: the device's particles, track and offset came across.
    const fresh = createPositioner({ snapshotEveryMs: 0 });
    fresh.addStore(KEY, venue.site, {});
    expect(fresh.position(own.slice(6)).fixes).not.toEqual(expected);
  });
});

describe('a store restarted on another worker', () => {
  // Twenty minutes of a twelve-shopper store, replayed twice: seconds alone, more beside the browser tests.
  it('goes on with the radio map its shoppers taught, to the very same fixes', { timeout: 120_000 }, () => {
    const { venue: dense, radio: denseRadio } = scenario('dense-shelving');
    const run = storeRun({ venue: dense, radio: denseRadio, shoppers: 12, seed: 4 });
    const all: WorkScan[] = [];
    for (const batch of run.scans() as Generator<ScanBatch>) {
      if (batch.ts - run.startTs > 1_000_000) break;
      const readings = batch.observations.map((o) => ({ anchor: o.anchor, rssi: o.rssi }));
      if (readings.length > 0)
        all.push({ key: KEY, device: batch.device, ts: batch.ts, complete: true, readings });
    }
    const half = all.findIndex((s) => s.ts - run.startTs > 900_000);
    const first = createPositioner({ snapshotEveryMs: 0 });
    first.addStore(KEY, dense.site, {});
    first.position(all.slice(0, half));
    const { snapshots, radio } = first.tick(all[half - 1]!.ts, true);
    expect(radio).toHaveLength(1);
    const restored = Object.fromEntries(snapshots.map((s) => [s.device, s.state]));
    const withMap = createPositioner({ snapshotEveryMs: 0 });
    withMap.addStore(KEY, dense.site, restored, radio[0]!.learnt);
    const withoutMap = createPositioner({ snapshotEveryMs: 0 });
    withoutMap.addStore(KEY, dense.site, restored);
    const going = first.position(all.slice(half)).fixes;
    expect(withMap.position(all.slice(half)).fixes).toEqual(going);
    expect(withoutMap.position(all.slice(half)).fixes).not.toEqual(going);
  });
});
