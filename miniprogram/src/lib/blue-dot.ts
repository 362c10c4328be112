/**
 * The blue dot on the phone: the repo's positioning engine (positioning/, pure TS) runs here on the
 * store's site from GET /stores/:id/site, so each wx.onBeaconUpdate batch places the shopper at
 * once, without a round trip. A batch is a whole scan window, so it is flushed as one.
 */
import {
  canonicalAnchorId,
  createEngine,
  type Fix,
  type Observation,
  type Site,
} from '../../../positioning/index.js';

/** This phone's name inside its own engine; the server knows it by another. */
const DEVICE = 'this-phone';

/** A batch as positioning Observations; readings the phone could not measure (rssi 0) are left out. */
export function observationsOf(beacons: WxBeacon[], ts: number): Observation[] {
  return beacons
    .filter((b) => b.rssi < 0)
    .map((b) => ({
      ts,
      device: DEVICE,
      anchor: canonicalAnchorId(`${b.uuid}:${b.major}:${b.minor}`),
      rssi: b.rssi,
    }));
}

export interface BlueDotTracker {
  /** The fix this batch gives, or null while the engine has too little to go on. */
  update(beacons: WxBeacon[], ts: number): Fix | null;
}

export function trackBlueDot(site: Site): BlueDotTracker {
  const engine = createEngine(site);
  return {
    update(beacons, ts) {
      const fixes: Fix[] = [];
      for (const observation of observationsOf(beacons, ts)) fixes.push(...engine.observe(observation));
      fixes.push(...engine.flush(DEVICE));
      return fixes[fixes.length - 1] ?? null;
    },
  };
}
