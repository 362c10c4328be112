/** A beacon of the registry, and the checks that need no database. */

export interface Beacon {
  id: string;
  store_id: string;
  uuid: string;
  major: number;
  minor: number;
  name: string | null;
  x: number;
  y: number;
  /** Height above its own level's floor, metres. */
  z: number;
  level: number;
  tx_power: number;
  battery_pct: number | null;
  firmware: string | null;
  last_heard_at: Date | null;
}

export interface BeaconInput {
  uuid: string;
  major: number;
  minor: number;
  name?: string | null;
  x: number;
  y: number;
  z?: number;
  level?: number;
  tx_power?: number;
  battery_pct?: number | null;
  firmware?: string | null;
}

/** The id the positioning engine knows a beacon by. */
export const anchorId = (b: Pick<Beacon, 'uuid' | 'major' | 'minor'>) =>
  `${b.uuid.toLowerCase()}:${b.major}:${b.minor}`;

export interface BeaconAlert {
  beacon_id: string;
  anchor: string;
  name: string | null;
  kind: 'silent' | 'never_heard' | 'battery_low';
  message: string;
}

export const LOW_BATTERY_PCT = 20;

/** What needs a person's attention: beacons not heard for `silentAfterS`, never heard, or with a low battery. */
export function beaconAlerts(beacons: readonly Beacon[], now: Date, silentAfterS: number): BeaconAlert[] {
  const alerts: BeaconAlert[] = [];
  for (const b of beacons) {
    const base = { beacon_id: b.id, anchor: anchorId(b), name: b.name };
    const label = b.name ?? anchorId(b);
    if (!b.last_heard_at) {
      alerts.push({
        ...base,
        kind: 'never_heard',
        message: `${label} has never been heard: is it switched on?`,
      });
    } else {
      const silentS = (now.getTime() - b.last_heard_at.getTime()) / 1000;
      if (silentS > silentAfterS)
        alerts.push({
          ...base,
          kind: 'silent',
          message: `${label} not heard for ${Math.round(silentS / 60)} min`,
        });
    }
    if (b.battery_pct !== null && b.battery_pct < LOW_BATTERY_PCT)
      alerts.push({ ...base, kind: 'battery_low', message: `${label} battery at ${b.battery_pct}%` });
  }
  return alerts;
}
