/**
 * The shoppers' API, one function per endpoint the mini-program uses, each with the shape the
 * server answers (see /docs). Calls carry the session's token; a 401 (the token expired or the
 * server restarted with a new secret) signs in again once and retries.
 */
import type { PhoneSite } from './blue-dot';
import { ApiError, type Call, send } from './http';
import { type ConsentState, ensureSession, forgetSession, type Purpose } from './session';

async function call<T>(request: Omit<Call, 'token'>): Promise<T> {
  const session = await ensureSession();
  try {
    return await send<T>({ ...request, token: session.token });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    forgetSession();
    return send<T>({ ...request, token: (await ensureSession()).token });
  }
}

const q = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');

/** Today's opening as the server works it out in the store's own time zone. */
export interface StoreHours {
  open_now: boolean;
  hours_today: { open: string; close: string }[];
  open_until: string | null;
  opens_next: { date: string; time: string } | null;
}

export interface NearbyStore extends StoreHours {
  id: string;
  code: string;
  name: string;
  address: string;
  phone: string | null;
  location: { lat: number; lng: number };
  services: string[];
  distance_m: number;
}

export type PublicStore = Omit<NearbyStore, 'distance_m'> & { timezone: string };

export type Ring = [number, number][];

export interface ShopperMap {
  levels: { level: number; name: string; outline: Ring }[];
  features: {
    id: string;
    level: number;
    kind: 'wall' | 'shelf' | 'zone' | 'opening';
    name: string | null;
    polygon: Ring;
  }[];
  connectors: { id: string; kind: string; name: string | null; from: MapPoint; to: MapPoint }[];
  products: {
    sku: string;
    name: string;
    shelf: string | null;
    slot: string | null;
    level: number;
    x: number;
    y: number;
  }[];
}

export interface MapPoint {
  level: number;
  x: number;
  y: number;
}

export interface Route {
  distance_m: number;
  duration_s: number;
  path: MapPoint[];
  steps: (MapPoint & { kind: string; instruction: string; distance_m: number })[];
}

export interface SearchHit {
  sku_id: string;
  code: string;
  name: string;
  sku_name: string;
  barcode: string | null;
  images: string[];
  list_cents: number;
  unit_cents: number;
  basis: 'list' | 'store' | 'member';
}

/** The coupon an offer carries, as it was when pushed (redeemed_at as of the listing). */
export interface OfferCoupon {
  id: string;
  code: string;
  discount_cents: number;
  min_spend_cents: number;
  valid_until: string;
  redeemed_at?: string | null;
}

export type CouponState = 'usable' | 'used' | 'expired';

/** One of the shopper's coupons as GET /me/coupons lists them. */
export interface MyCoupon {
  code: string;
  title: string;
  discount_cents: number;
  min_spend_cents: number;
  valid_until: string;
  issued_at: string;
  redeemed_at: string | null;
  order_id: string | null;
  state: CouponState;
  campaign: { id: string; name: string } | null;
}

export interface Offer {
  id: string;
  title: string;
  payload: {
    kind: string;
    body?: string;
    coupon?: OfferCoupon;
    products?: { sku_id: string; name: string; price_cents: number }[];
  };
  created_at: string;
  opened_at: string | null;
}

export type OrderType = 'pickup' | 'delivery' | 'scan_to_buy';

export interface Order {
  id: string;
  type: OrderType;
  status: 'created' | 'paid' | 'preparing' | 'ready' | 'completed' | 'cancelled' | 'refunded';
  store_id: string;
  lines: { sku_id: string; name: string; qty: number; unit_cents: number; line_cents: number }[];
  subtotal_cents: number;
  discount_cents: number;
  delivery_fee_cents: number;
  total_cents: number;
  adjustments: { description: string; amount_cents: number }[];
  delivery: { address: string; contact_name: string; phone: string } | null;
  pickup: { code: string; qr: string } | null;
  exit_pass: { pass: string; qr: string } | null;
  expires_at: string | null;
  created_at: string;
}

export interface NewOrder {
  type: OrderType;
  store_id?: string;
  lines: { sku_id: string; qty: number }[];
  coupons?: string[];
  delivery?: { lat: number; lng: number; address: string; contact_name: string; phone: string };
}

/** What wx.requestPayment takes, signed by the server. */
export interface PaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface Membership {
  member_no: string;
  tier: { code: string; name: string } | null;
  points_balance: number;
  next_tier: { name: string; points_needed: number; spend_needed_cents: number | null } | null;
  recent_points: { kind: string; points: number; reason: string | null; created_at: string }[];
}

export interface Referral {
  code: string;
  share_path: string;
  friends_joined: number;
  friends_rewarded: number;
  joined_with_code: boolean;
  program: { active: boolean; referrer_points: number; friend_points: number };
}

export const api = {
  nearbyStores: (lat: number, lng: number, tenant: string) =>
    send<NearbyStore[]>({ method: 'GET', path: `/stores/nearby?${q({ lat, lng, tenant, radius: 20_000 })}` }),
  store: (id: string) => send<PublicStore>({ method: 'GET', path: `/stores/${id}` }),
  shopperMap: (storeId: string) =>
    call<ShopperMap>({ method: 'GET', path: `/stores/${storeId}/map/shopper` }),
  site: (storeId: string) => call<PhoneSite>({ method: 'GET', path: `/stores/${storeId}/site` }),
  route: (storeId: string, from: string, to: string) =>
    call<Route>({ method: 'GET', path: `/stores/${storeId}/route?${q({ from, to })}` }),
  search: (storeId: string, text: string) =>
    call<SearchHit[]>({
      method: 'GET',
      path: `/catalogue/search?${q({ q: text, store_id: storeId, limit: 20 })}`,
    }),
  offers: () => call<{ topic: string; offers: Offer[] }>({ method: 'GET', path: '/me/offers' }),
  /** Usable ones first (soonest to expire first), then used and expired ones, latest first. */
  coupons: (state?: CouponState) =>
    call<MyCoupon[]>({ method: 'GET', path: `/me/coupons${state ? `?${q({ state })}` : ''}` }),
  offerOpened: (id: string) => call<unknown>({ method: 'POST', path: `/me/offers/${id}/opened` }),
  consents: () => call<ConsentState[]>({ method: 'GET', path: '/me/consents' }),
  setConsent: (purpose: Purpose, granted: boolean, policyVersion: string) =>
    call<ConsentState>({
      method: 'PUT',
      path: `/me/consents/${purpose}`,
      body: { granted, policy_version: policyVersion },
    }),
  placeOrder: (order: NewOrder, idempotencyKey: string) =>
    call<Order>({ method: 'POST', path: '/orders', body: order, idempotencyKey }),
  orders: () => call<Order[]>({ method: 'GET', path: '/orders?limit=50' }),
  order: (id: string) => call<Order>({ method: 'GET', path: `/orders/${id}` }),
  cancelOrder: (id: string) => call<Order>({ method: 'POST', path: `/orders/${id}/cancel` }),
  prepay: (id: string) => call<PaymentParams>({ method: 'POST', path: `/orders/${id}/payments` }),
  queryPayment: (id: string) => call<unknown>({ method: 'POST', path: `/orders/${id}/payments/query` }),
  demoPayment: (id: string) => call<Order>({ method: 'POST', path: `/orders/${id}/demo-payment` }),
  membership: () => call<Membership>({ method: 'GET', path: '/me/membership' }),
  claimCard: (memberNo: string, phoneCode: string) =>
    call<Membership>({
      method: 'POST',
      path: '/me/membership/card',
      body: { member_no: memberNo, phone_code: phoneCode },
    }),
  referral: () => call<Referral>({ method: 'GET', path: '/me/referral' }),
  joinWithCode: (code: string) => call<unknown>({ method: 'POST', path: '/me/referral', body: { code } }),
  sendScan: (storeId: string, beacons: { uuid: string; major: number; minor: number; rssi: number }[]) =>
    call<{ device: string; readings: number; unknown_beacons: number }>({
      method: 'POST',
      path: '/scans',
      body: { store_id: storeId, ts: Date.now(), beacons },
    }),
};
