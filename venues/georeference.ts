/**
 * The store frame (x east, y north of the frame, metres) to WGS84 and back, through the store's
 * georeference: the WGS84 point of the frame's origin and the bearing of its +y axis. A local
 * tangent plane is exact to millimetres over a store's few hundred metres, and its inverse is exact.
 */
import type { Point } from '../positioning/index.js';

export interface Georeference {
  origin: { lat: number; lng: number };
  /** Bearing of the frame's +y axis, degrees clockwise from true north. */
  rotation_deg: number;
}

/** WGS84 mean radius; the same constant both ways keeps the round trip exact. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Local [x, y] in metres → GeoJSON [lng, lat]. */
export function toWgs84([x, y]: Point, ref: Georeference): [number, number] {
  const t = ref.rotation_deg * RAD;
  const east = x * Math.cos(t) + y * Math.sin(t);
  const north = -x * Math.sin(t) + y * Math.cos(t);
  const lat = ref.origin.lat + north / EARTH_RADIUS_M / RAD;
  const lng = ref.origin.lng + east / (EARTH_RADIUS_M * Math.cos(ref.origin.lat * RAD)) / RAD;
  return [lng, lat];
}

/** GeoJSON [lng, lat] → local [x, y] in metres. */
export function toLocal([lng, lat]: readonly number[], ref: Georeference): [number, number] {
  const t = ref.rotation_deg * RAD;
  const north = (lat! - ref.origin.lat) * RAD * EARTH_RADIUS_M;
  const east = (lng! - ref.origin.lng) * RAD * EARTH_RADIUS_M * Math.cos(ref.origin.lat * RAD);
  return [east * Math.cos(t) - north * Math.sin(t), east * Math.sin(t) + north * Math.cos(t)];
}
