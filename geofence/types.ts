/** Zones and the events they raise, in the store's local frame (metres, x east, y north). */

/** A ring is a closed list of [x, y]; the first ring is the outline, any others are holes. */
export type Ring = [number, number][];

export interface Zone {
  id: string;
  level: number;
  rings: Ring[];
}

export type ZoneEventType = 'enter' | 'dwell' | 'exit';

export interface ZoneEvent {
  ts: number;
  device: string;
  zone: string;
  type: ZoneEventType;
  /** Share of the fix's accuracy circle inside the zone when the event fired (0..1). */
  confidence: number;
  /** On dwell and exit: milliseconds since the enter. */
  dwell_ms?: number;
}
