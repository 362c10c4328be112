/**
 * Everything a store knows about who is where, from fixes: arrival and departure (arrival.ts) and
 * zone enter / dwell / exit (geofence), as one stream of visit events. Pure.
 */

import {
  buildZoneIndex,
  createZoneTracker,
  type TrackerOptions,
  type Zone,
  type ZoneEvent,
} from '../geofence/index.js';
import type { Fix } from '../positioning/index.js';
import {
  type ArrivalEvent,
  type ArrivalOptions,
  createArrivalRecogniser,
  type OutdoorReport,
  type StoreFrame,
} from './arrival.js';

export type VisitEvent = ({ kind: 'store' } & ArrivalEvent) | ({ kind: 'zone' } & ZoneEvent);

export interface StoreGeometry extends StoreFrame {
  zones: Zone[];
}

export interface Presence {
  update(fix: Fix): VisitEvent[];
  /** The phone's outdoor location (only ever ends a visit, never starts one). */
  outdoor(report: OutdoorReport): VisitEvent[];
  tick(now: number): VisitEvent[];
}

export function createPresence(
  geometry: StoreGeometry,
  options: { arrival?: Partial<ArrivalOptions>; zones?: Partial<TrackerOptions> } = {},
): Presence {
  const arrivals = createArrivalRecogniser(geometry, options.arrival);
  const zones = createZoneTracker(buildZoneIndex(geometry.zones), options.zones);
  const tag = (store: ArrivalEvent[], zone: ZoneEvent[]): VisitEvent[] => [
    // Arrival first, so a visit exists before its first zone; departure last, after its last exit.
    ...store.filter((e) => e.type === 'arrival').map((e) => ({ kind: 'store' as const, ...e })),
    ...zone.map((e) => ({ kind: 'zone' as const, ...e })),
    ...store.filter((e) => e.type === 'departure').map((e) => ({ kind: 'store' as const, ...e })),
  ];
  return {
    update: (fix) => tag(arrivals.update(fix), zones.update(fix)),
    outdoor: (report) => tag(arrivals.outdoor(report), []),
    tick: (now) => tag(arrivals.tick(now), zones.tick(now)),
  };
}
