/** The console's only way to the server: the HTTP API, with the staff token kept in this tab. */

export interface ApiError {
  code: string;
  message: string;
  field?: string;
  problems?: { line: number; column?: string; problem: string }[];
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

/** What went wrong, as the server said it (its message, and the field when it names one) or the browser did. */
export const failureOf = (error: unknown): { message: string; field?: string | undefined } =>
  error instanceof ApiFailure ? error.body : { message: String(error) };

const TOKEN_KEY = 'smart-store-token';

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** What the token says of the signed-in staff member (the server checks it on every call). */
function claims(): { sub?: string; role?: string; stores?: string[] } | undefined {
  const payload = session.token?.split('.')[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return undefined;
  }
}

export const signedInRole = (): string | undefined => claims()?.role;

/** The signed-in staff member's id, as the audit trail names them (`staff:<id>`). */
export const signedInId = (): string | undefined => claims()?.sub;

/** Roles that work at particular stores, as the server's STORE_BOUND_ROLES. */
const STORE_BOUND = ['store_manager', 'clerk'];

/** The stores a store manager or clerk works at; undefined for brand-wide roles, who work at all. */
export function signedInStores(): string[] | undefined {
  const c = claims();
  return c && STORE_BOUND.includes(c.role ?? '') ? (c.stores ?? []) : undefined;
}

async function request(
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...extra };
  const token = session.token;
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const error = (await response
      .json()
      .catch(() => ({ code: 'SS_ERR_HTTP', message: response.statusText }))) as ApiError;
    // Only the token this call sent: a password just changed has put a fresh one in its place.
    if (response.status === 401 && session.token === token) session.token = null;
    throw new ApiFailure(response.status, error);
  }
  return response;
}

export const api = {
  get: async <T>(path: string) => (await request('GET', path)).json() as Promise<T>,
  blob: async (path: string) => (await request('GET', path)).blob(),
  text: async (path: string) => (await request('GET', path)).text(),
  send: async <T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ) => {
    const response = await request(method, path, body, headers);
    return (response.status === 204 ? undefined : response.json()) as Promise<T>;
  },
};

export type Point = [number, number];

export interface Store {
  id: string;
  code: string;
  name: string;
  address: string;
  /** IANA time zone: the store's day is counted in it. */
  timezone: string;
}

export interface MapFeature {
  id: string;
  level: number;
  kind: 'wall' | 'shelf' | 'zone' | 'opening';
  name: string | null;
  polygon: Point[];
  height_m: number | null;
  properties: Record<string, unknown>;
}

export interface VenueMap {
  levels: { level: number; name: string; height_m: number; outline: Point[] }[];
  features: MapFeature[];
  connectors: {
    id: string;
    kind: string;
    name: string | null;
    from: { level: number; x: number; y: number };
    to: { level: number; x: number; y: number };
    seconds: number;
    two_way: boolean;
  }[];
  products: { sku: string; feature: string; slot: string | null; level: number; x: number; y: number }[];
}

export interface PlanTransform {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export interface FloorPlan {
  level: number;
  media_type: string;
  width_px: number;
  height_px: number;
  transform: PlanTransform;
}

export interface Beacon {
  id: string;
  uuid: string;
  major: number;
  minor: number;
  name: string | null;
  x: number;
  y: number;
  z: number;
  level: number;
  tx_power: number;
  battery_pct: number | null;
  last_heard_at: string | null;
}

export interface AccuracyMap {
  level: number;
  cell: number;
  origin: Point;
  cols: number;
  rows: number;
  error_m: (number | null)[];
  mean_m: number;
  p90_m: number;
  poor_share: number;
  suggestions: { x: number; y: number; gain_m: number }[];
}

export interface Route {
  distance_m: number;
  duration_s: number;
  path: { level: number; x: number; y: number }[];
  steps: { kind: string; instruction: string; distance_m: number; level: number; x: number; y: number }[];
}

export interface Alert {
  beacon_id: string;
  anchor: string;
  name: string | null;
  kind: string;
  message: string;
}

export interface CalibrationSession {
  id: string;
  level: number;
  status: string;
  guide: { x: number; y: number }[];
  points: unknown[];
}

/** Each level's radio map (its latest fitted walk), the beacons left out of it, and the walk each level calls for. */
export type { RadioSurvey } from '../../beacons/schemas.js';

/** How far each level's radio map, learnt from the shoppers, is known (levels a walk did not survey). */
export interface RadioLearnt {
  levels: { level: number; surveyed: boolean; beacons: number; known_share: number }[];
  /** What the store's phones read against the beacons' declared powers, dB; null until five have told. */
  phones: { level_db: number | null; phones: number };
}

/** A shopper's position as the positioning engine reports it (see ARCHITECTURE.md, the Fix contract). */
export interface Fix {
  ts: number;
  device: string;
  x: number;
  y: number;
  level: number;
  accuracy: number;
}

/** A shopper recognised as having come into the store, or as having left it (visits/arrival.ts). */
export interface VisitMessage {
  type: 'arrival' | 'departure';
  ts: number;
  device: string;
}

export type LiveMessage = Fix | VisitMessage;

/**
 * A WebSocket of the API's (`path` under /api/v1) with the signed-in staff member's token, passed as
 * subprotocols because a browser cannot set headers on a WebSocket; each JSON message goes to
 * `onMessage`. Returns the close.
 */
export function openSocket(
  path: string,
  onMessage: (message: unknown) => void,
  onState: (open: boolean) => void,
): () => void {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/api/v1${path}`, ['bearer', session.token ?? '']);
  socket.onopen = () => onState(true);
  socket.onclose = () => onState(false);
  socket.onmessage = (event) => {
    try {
      onMessage(JSON.parse(String(event.data)));
    } catch {
      // A message that is not JSON is not ours to show.
    }
  };
  return () => socket.close();
}

/** The live positions of a store, and its shoppers' arrivals and departures (those inside already first). */
export const watchLive = (
  storeId: string,
  onMessage: (message: LiveMessage) => void,
  onState: (open: boolean) => void,
) => openSocket(`/stores/${storeId}/live`, (m) => onMessage(m as LiveMessage), onState);
