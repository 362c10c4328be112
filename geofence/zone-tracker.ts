/**
 * Enter / dwell / exit per device and zone, from a stream of fixes. Pure and deterministic: time
 * comes from the fixes and from `tick(now)`.
 *
 * Why it does not flap at a border: a fix counts as "in" only when most of its accuracy circle is
 * inside (share ≥ enterShare) and as "out" only when little of it is (share ≤ exitShare); between
 * the two nothing changes (hysteresis). Each change must also hold for a while (enterAfterMs,
 * exitAfterMs) before it fires. A device not heard for silenceExitMs leaves every zone.
 */

import type { Fix } from '../positioning/index.js';
import type { ZoneEvent } from './types.js';
import type { ZoneIndex } from './zone-index.js';

export interface TrackerOptions {
  enterShare: number;
  exitShare: number;
  enterAfterMs: number;
  exitAfterMs: number;
  /** Default time inside before the one dwell event of a visit; a zone can override it. */
  dwellAfterMs: number;
  silenceExitMs: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  enterShare: 0.6,
  exitShare: 0.25,
  enterAfterMs: 2000,
  exitAfterMs: 4000,
  dwellAfterMs: 30_000,
  silenceExitMs: 30_000,
};

type Phase = 'entering' | 'inside' | 'leaving';

interface Presence {
  phase: Phase;
  /** When the current phase's condition started to hold. */
  since: number;
  enteredAt: number;
  dwellFired: boolean;
  share: number;
}

export interface DeviceZones {
  lastTs: number;
  zones: Record<string, Presence>;
}

export interface ZoneTracker {
  /** Events caused by this fix (exits first, then enters, then dwells). Out-of-order fixes are ignored. */
  update(fix: Fix): ZoneEvent[];
  /** Exits for devices silent for longer than silenceExitMs, and dwells due by now. */
  tick(now: number): ZoneEvent[];
  snapshot(device: string): DeviceZones | undefined;
  restore(device: string, state: DeviceZones): void;
  readonly devices: number;
  readonly ignoredFixes: number;
}

const ORDER = { exit: 0, enter: 1, dwell: 2 } as const;

export function createZoneTracker(
  index: ZoneIndex,
  options: Partial<TrackerOptions> = {},
  dwellAfterMsOf: (zoneId: string) => number | undefined = () => undefined,
): ZoneTracker {
  const o = { ...DEFAULT_TRACKER_OPTIONS, ...options };
  if (!(o.exitShare < o.enterShare)) throw new Error('exitShare must be below enterShare (hysteresis)');
  const devices = new Map<string, DeviceZones>();
  let ignoredFixes = 0;

  const dwellDue = (zone: string, p: Presence, now: number) =>
    !p.dwellFired && p.phase !== 'entering' && now - p.enteredAt >= (dwellAfterMsOf(zone) ?? o.dwellAfterMs);

  function step(
    device: string,
    zone: string,
    p: Presence | undefined,
    share: number,
    ts: number,
    out: ZoneEvent[],
  ) {
    const event = (type: ZoneEvent['type'], dwellMs?: number): ZoneEvent => {
      const e: ZoneEvent = { ts, device, zone, type, confidence: Math.round(share * 1000) / 1000 };
      if (dwellMs !== undefined) e.dwell_ms = dwellMs;
      return e;
    };
    const isIn = share >= o.enterShare;
    const isOut = share <= o.exitShare;
    if (!p) {
      if (!isIn) return undefined;
      p = { phase: 'entering', since: ts, enteredAt: ts, dwellFired: false, share };
    }
    p.share = share;
    switch (p.phase) {
      case 'entering':
        if (!isIn) return undefined;
        if (ts - p.since >= o.enterAfterMs) {
          p.phase = 'inside';
          p.enteredAt = p.since;
          out.push(event('enter'));
        }
        break;
      case 'inside':
        if (isOut) {
          p.phase = 'leaving';
          p.since = ts;
        }
        break;
      case 'leaving':
        if (!isOut) {
          p.phase = 'inside';
        } else if (ts - p.since >= o.exitAfterMs) {
          out.push(event('exit', p.since - p.enteredAt));
          return undefined;
        }
        break;
    }
    if (dwellDue(zone, p, ts)) {
      p.dwellFired = true;
      out.push(event('dwell', ts - p.enteredAt));
    }
    return p;
  }

  const sorted = (events: ZoneEvent[]) => events.sort((a, b) => a.ts - b.ts || ORDER[a.type] - ORDER[b.type]);

  return {
    update(fix) {
      if (!Number.isFinite(fix.x) || !Number.isFinite(fix.y) || !Number.isFinite(fix.ts)) {
        ignoredFixes++;
        return [];
      }
      let state = devices.get(fix.device);
      if (state && fix.ts < state.lastTs) {
        ignoredFixes++;
        return [];
      }
      if (!state) {
        state = { lastTs: fix.ts, zones: {} };
        devices.set(fix.device, state);
      }
      state.lastTs = fix.ts;
      const shares = new Map<string, number>();
      for (const { zone, share } of index.coverageAt(fix.x, fix.y, fix.level, fix.accuracy))
        shares.set(zone.id, share);
      const events: ZoneEvent[] = [];
      const zoneIds = new Set([...Object.keys(state.zones), ...shares.keys()]);
      for (const zone of zoneIds) {
        const next = step(fix.device, zone, state.zones[zone], shares.get(zone) ?? 0, fix.ts, events);
        if (next) state.zones[zone] = next;
        else delete state.zones[zone];
      }
      // Entering one zone confirms leaving another that the shopper was already on the way out of.
      if (events.some((e) => e.type === 'enter')) {
        for (const [zone, p] of Object.entries(state.zones)) {
          if (p.phase !== 'leaving') continue;
          events.push({
            ts: fix.ts,
            device: fix.device,
            zone,
            type: 'exit',
            confidence: Math.round(p.share * 1000) / 1000,
            dwell_ms: p.since - p.enteredAt,
          });
          delete state.zones[zone];
        }
      }
      return sorted(events);
    },

    tick(now) {
      const events: ZoneEvent[] = [];
      for (const [device, state] of devices) {
        const silent = now - state.lastTs >= o.silenceExitMs;
        for (const [zone, p] of Object.entries(state.zones)) {
          if (silent) {
            if (p.phase !== 'entering') {
              events.push({
                ts: now,
                device,
                zone,
                type: 'exit',
                confidence: 0,
                dwell_ms: state.lastTs - p.enteredAt,
              });
            }
          } else if (dwellDue(zone, p, now)) {
            p.dwellFired = true;
            events.push({
              ts: now,
              device,
              zone,
              type: 'dwell',
              confidence: Math.round(p.share * 1000) / 1000,
              dwell_ms: now - p.enteredAt,
            });
          }
        }
        if (silent) devices.delete(device);
      }
      return sorted(events);
    },

    snapshot: (device) => {
      const state = devices.get(device);
      return state && structuredClone(state);
    },
    restore: (device, state) => void devices.set(device, structuredClone(state)),
    get devices() {
      return devices.size;
    },
    get ignoredFixes() {
      return ignoredFixes;
    },
  };
}
