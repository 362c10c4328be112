/**
 * Store arrival and departure per device. Pure: fixes (and the phone's outdoor location, when the
 * mini-program reports one) in, events out; time comes from the inputs.
 *
 * Why depth and not "inside the outline": beacons are heard through the shop window, and a
 * map-aware engine keeps every fix inside the outline, so a passer-by on the pavement shows up as
 * fixes hugging the façade. A shopper who came in walks deeper. A fix counts as inside evidence
 * when its distance from the outline, less half its accuracy radius, is at least `depthM` — or
 * when it is on another level (only reachable from inside). Arrival needs that evidence on
 * `confirmFixes` fixes spread over at least `confirmMs`; an outdoor location far from the store
 * vetoes it (a stale blue dot). Departure follows `leaveAfterMs` without inside evidence.
 */
import { contains, distanceToBorder, type Ring, type ZoneShape, zoneShape } from '../geofence/index.js';
import type { Fix } from '../positioning/index.js';

export interface StoreFrame {
  /** Ground-floor outline in the store frame. */
  outline: Ring;
  groundLevel: number;
}

export interface ArrivalOptions {
  depthM: number;
  confirmFixes: number;
  confirmMs: number;
  leaveAfterMs: number;
  /** An outdoor location this far from the store (beyond its accuracy) rules out being inside. */
  outdoorVetoM: number;
  /** How long an outdoor location stays believable. */
  outdoorFreshMs: number;
}

export const DEFAULT_ARRIVAL_OPTIONS: ArrivalOptions = {
  depthM: 2.5,
  confirmFixes: 3,
  confirmMs: 2000,
  leaveAfterMs: 60_000,
  outdoorVetoM: 150,
  outdoorFreshMs: 120_000,
};

/** From `wx.getLocation`: distance from the store's location, and the report's own accuracy. */
export interface OutdoorReport {
  ts: number;
  device: string;
  distance_m: number;
  accuracy_m: number;
}

export type ArrivalEvent =
  | {
      type: 'arrival';
      ts: number;
      device: string /** when the first inside evidence of this arrival was seen */;
      since: number;
    }
  | { type: 'departure'; ts: number; device: string; arrived_at: number };

interface DeviceState {
  inside: boolean;
  arrivedAt: number;
  evidence: number[];
  lastInside: number;
  lastSeen: number;
  farAt: number | null;
}

export interface ArrivalRecogniser {
  update(fix: Fix): ArrivalEvent[];
  outdoor(report: OutdoorReport): ArrivalEvent[];
  tick(now: number): ArrivalEvent[];
  isInside(device: string): boolean;
}

export function createArrivalRecogniser(
  frame: StoreFrame,
  options: Partial<ArrivalOptions> = {},
): ArrivalRecogniser {
  const o = { ...DEFAULT_ARRIVAL_OPTIONS, ...options };
  const outline: ZoneShape = zoneShape({ id: 'outline', level: frame.groundLevel, rings: [frame.outline] });
  const devices = new Map<string, DeviceState>();

  const stateOf = (device: string, ts: number): DeviceState => {
    let state = devices.get(device);
    if (!state) {
      state = { inside: false, arrivedAt: 0, evidence: [], lastInside: 0, lastSeen: ts, farAt: null };
      devices.set(device, state);
    }
    return state;
  };

  const insideEvidence = (fix: Fix) => {
    if (fix.level !== frame.groundLevel) return true;
    if (!contains(outline, fix.x, fix.y)) return false;
    return distanceToBorder(outline, fix.x, fix.y) - fix.accuracy / 2 >= o.depthM;
  };

  const depart = (device: string, state: DeviceState, ts: number): ArrivalEvent[] => {
    devices.delete(device);
    return state.inside ? [{ type: 'departure', ts, device, arrived_at: state.arrivedAt }] : [];
  };

  return {
    update(fix) {
      if (!Number.isFinite(fix.x) || !Number.isFinite(fix.y) || !Number.isFinite(fix.accuracy)) return [];
      const state = stateOf(fix.device, fix.ts);
      if (fix.ts < state.lastSeen) return [];
      state.lastSeen = fix.ts;
      const vetoed = state.farAt !== null && fix.ts - state.farAt < o.outdoorFreshMs;
      if (!insideEvidence(fix) || vetoed) {
        if (!state.inside) state.evidence = [];
        else if (fix.ts - state.lastInside >= o.leaveAfterMs) return depart(fix.device, state, fix.ts);
        return [];
      }
      state.lastInside = fix.ts;
      if (state.inside) return [];
      state.evidence.push(fix.ts);
      if (state.evidence.length > o.confirmFixes) state.evidence.shift();
      const first = state.evidence[0]!;
      if (state.evidence.length < o.confirmFixes || fix.ts - first < o.confirmMs) return [];
      state.inside = true;
      state.arrivedAt = first;
      return [{ type: 'arrival', ts: fix.ts, device: fix.device, since: first }];
    },

    outdoor(report) {
      const state = stateOf(report.device, report.ts);
      const far = report.distance_m - report.accuracy_m > o.outdoorVetoM;
      state.farAt = far ? report.ts : null;
      if (far && state.inside) return depart(report.device, state, report.ts);
      if (far) state.evidence = [];
      return [];
    },

    tick(now) {
      const events: ArrivalEvent[] = [];
      for (const [device, state] of devices) {
        const silent = now - state.lastSeen >= o.leaveAfterMs;
        if (silent || (state.inside && now - state.lastInside >= o.leaveAfterMs)) {
          events.push(...depart(device, state, now));
        }
      }
      return events;
    },

    isInside: (device) => devices.get(device)?.inside === true,
  };
}
