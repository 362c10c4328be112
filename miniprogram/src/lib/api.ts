/**
 * The shoppers' API, one function per endpoint the mini-program uses, typed with the server's own
 * payload types (type-only imports: nothing of the server is bundled). Calls carry the session's
 * token; a 401 (the token expired or the server restarted with a new secret) signs in again once
 * and retries.
 */
import type { Static } from 'typebox';
import type { PhoneSite } from '../../../beacons/schemas.js';
import type {
  Service as AppointmentService,
  BookingCreate,
  Booking as BookingSchema,
  BookingStatus,
  SlotView,
} from '../../../commerce/appointments/schemas.js';
import type { Cart as CartSchema, CartSet } from '../../../commerce/carts/schemas.js';
import type { SearchHit, SkuInStore } from '../../../commerce/catalogue/schemas.js';
import type { OrderCreate, Order as OrderSchema } from '../../../commerce/orders/schemas.js';
import type { OrderStatus, OrderType } from '../../../commerce/orders/state.js';
import type { RequestPayment } from '../../../commerce/payments/schemas.js';
import type { CouponState, MyCoupon as MyCouponSchema } from '../../../marketing/schemas.js';
import type { AddressInput, MyMembership, MyReferral, ShopperAddress } from '../../../members/schemas.js';
import type { DeliveredOffer, OfferCoupon } from '../../../push/schemas.js';
import type { RouteResponse } from '../../../venues/schemas.js';
import type { ShopperMap } from '../../../venues/shopper-map.js';
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

/**
 * The server's own payload types. The map is venues' interface rather than its schema's Static,
 * which reads the feature kinds (a union built from an array) as `never`.
 */
export type { CouponState, OfferCoupon, OrderType, PhoneSite, SearchHit, ShopperMap, SkuInStore };

export type Ring = ShopperMap['levels'][number]['outline'];

export type Route = RouteResponse;

export type MapPoint = Route['path'][number];

/**
 * One of the shopper's coupons as GET /me/coupons lists them. Static reads `state` (a union built from
 * an array) as `never`, so marketing's CouponState stands in for it.
 */
export type MyCoupon = Omit<Static<typeof MyCouponSchema>, 'state'> & { state: CouponState };

/** A delivery as GET /me/offers lists it: a campaign's offer or an appointment reminder, by `payload.kind`. */
export type Offer = Static<typeof DeliveredOffer>;

/**
 * An order as GET /orders/:id answers it. Static reads the schema's type and status (unions built
 * from arrays) as `never`, so orders' own OrderType and OrderStatus stand in for them.
 */
export type Order = Omit<Static<typeof OrderSchema>, 'type' | 'status'> & {
  type: OrderType;
  status: OrderStatus;
};

/** The order to place (POST /orders); its type as in Order. */
export type NewOrder = Omit<OrderCreate, 'type'> & { type: OrderType };

/** What wx.requestPayment takes, signed by the server. */
export type PaymentParams = RequestPayment;

export type Membership = MyMembership;

/** A bookable service of a store (a consultation at a counter, an event with seats). */
export type { AppointmentService, BookingStatus };

/** A service's slot, in the store's time zone, with the places left. */
export type Slot = Static<typeof SlotView>;

/** A booking as the server answers it; `status` as in Order (Static reads the enum as `never`). */
export type Booking = Omit<Static<typeof BookingSchema>, 'status'> & { status: BookingStatus };

/** What a shopper books for themselves: the staff-only fields left out. */
export type NewBooking = Pick<BookingCreate, 'service_id' | 'starts_at' | 'party' | 'note'>;

export type Referral = MyReferral;

/** The cart the server keeps for the shopper, priced for them now. */
export type KeptCart = Static<typeof CartSchema>;

/** One of the shopper's delivery addresses, its pin in WGS-84; and what the form sends. */
export type SavedAddress = ShopperAddress;
export type NewAddress = AddressInput;

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
  /** One SKU at a store by id: the search hit's fields, its description, whether the store has it. */
  skuInStore: (skuId: string, storeId: string) =>
    call<SkuInStore>({ method: 'GET', path: `/catalogue/skus/${skuId}?${q({ store_id: storeId })}` }),
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
  keptCart: () => call<KeptCart>({ method: 'GET', path: '/me/cart' }),
  keepCart: (cart: CartSet) => call<KeptCart>({ method: 'PUT', path: '/me/cart', body: cart }),
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
  /** My name (姓名/称呼) as staff see it, any time; '' clears it. */
  setName: (name: string) => call<Membership>({ method: 'PUT', path: '/me/membership/name', body: { name } }),
  /** Month and day (MM-DD), once: a change afterwards is for staff. */
  setBirthday: (birthday: string) =>
    call<Membership>({ method: 'PUT', path: '/me/membership/birthday', body: { birthday } }),
  referral: () => call<Referral>({ method: 'GET', path: '/me/referral' }),
  joinWithCode: (code: string) => call<unknown>({ method: 'POST', path: '/me/referral', body: { code } }),
  /** The default first, then the latest changed. */
  addresses: () => call<SavedAddress[]>({ method: 'GET', path: '/me/addresses' }),
  addAddress: (address: NewAddress) =>
    call<SavedAddress>({ method: 'POST', path: '/me/addresses', body: address }),
  changeAddress: (id: string, address: NewAddress) =>
    call<SavedAddress>({ method: 'PUT', path: `/me/addresses/${id}`, body: address }),
  makeDefaultAddress: (id: string) =>
    call<SavedAddress>({ method: 'POST', path: `/me/addresses/${id}/default` }),
  deleteAddress: (id: string) => call<unknown>({ method: 'DELETE', path: `/me/addresses/${id}` }),
  appointmentServices: (storeId: string) =>
    call<AppointmentService[]>({ method: 'GET', path: `/stores/${storeId}/appointment-services` }),
  /** The next `days` days' slots, the places left in each. */
  slots: (serviceId: string, days: number) =>
    call<Slot[]>({ method: 'GET', path: `/appointment-services/${serviceId}/slots?${q({ days })}` }),
  book: (booking: NewBooking, idempotencyKey: string) =>
    call<Booking>({ method: 'POST', path: '/appointments', body: booking, idempotencyKey }),
  /** Upcoming first (soonest first), then past ones. */
  myAppointments: () => call<Booking[]>({ method: 'GET', path: '/me/appointments' }),
  cancelAppointment: (id: string) =>
    call<Booking>({ method: 'POST', path: `/appointments/${id}/cancel`, body: {} }),
  sendScan: (storeId: string, beacons: { uuid: string; major: number; minor: number; rssi: number }[]) =>
    // What the server took of the batch is not shown, so its answer is not read.
    call<unknown>({
      method: 'POST',
      path: '/scans',
      body: { store_id: storeId, ts: Date.now(), beacons },
    }),
};
