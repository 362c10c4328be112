/** The commerce domain's coded errors, each made once; clients and tests match on the code. */
import { defineError } from '../server/errors.js';

export const BarcodeInvalid = defineError(
  'SS_ERR_BARCODE_INVALID',
  400,
  (barcode: string, problem: string, _field: string) => `Barcode ${barcode} ${problem}`,
  (_barcode: string, _problem: string, field: string) => field,
);

export const SkuTaken = defineError(
  'SS_ERR_SKU_TAKEN',
  409,
  (what: string) => `This brand already has a SKU with this ${what}`,
  (what: string) => what,
);

export const PhotoTooLarge = defineError(
  'SS_ERR_PHOTO_TOO_LARGE',
  413,
  (megabytes: number) => `image_base64 is too large: a photo may be at most ${megabytes} MB`,
  () => 'image_base64',
);

export const CategoryTaken = defineError(
  'SS_ERR_CATEGORY_TAKEN',
  409,
  (name: string) => `This brand already has a category named ${name}`,
  () => 'name',
);

export const StockInsufficient = defineError(
  'SS_ERR_STOCK_INSUFFICIENT',
  409,
  // The SKU and the store by id, or by code where the refusal gives the shelf's figures for staff to read.
  (sku: string, store: string, shelf?: { on_hand: number; reserved: number; change: number }) =>
    `Not enough stock of SKU ${sku} in store ${store}${
      shelf
        ? `: ${shelf.on_hand} on hand, ${shelf.reserved} of them held for unpaid orders, so on hand cannot go below ${shelf.reserved} (this asked ${shelf.change})`
        : ''
    }`,
  () => 'lines',
);

export const StockCapacityExceeded = defineError(
  'SS_ERR_STOCK_CAPACITY',
  409,
  (skuId: string, storeId: string, most: number) =>
    `This would take SKU ${skuId} in store ${storeId} over the most a store can hold (${most} units)`,
  () => 'lines',
);

export const ReservationSettled = defineError(
  'SS_ERR_RESERVATION_SETTLED',
  409,
  (status: string) => `The reservation is already ${status}`,
);

export const IdempotencyKeyReused = defineError(
  'SS_ERR_IDEMPOTENCY_KEY_REUSED',
  409,
  () => 'This Idempotency-Key was used for a different request',
  () => 'Idempotency-Key',
);

export const OrderTransitionRefused = defineError(
  'SS_ERR_ORDER_TRANSITION',
  409,
  (from: string, to: string) => `An order that is ${from} cannot become ${to}`,
  () => 'to',
);

export const OrderExpired = defineError('SS_ERR_ORDER_EXPIRED', 409, (calledOff?: boolean) =>
  calledOff
    ? 'The order was cancelled and its stock has been released; place it again'
    : 'The order was not paid in time and its stock has been released; place it again',
);

export const PaymentAmountMismatch = defineError(
  'SS_ERR_PAYMENT_AMOUNT',
  409,
  (paid: number, total: number) => `Paid ${paid} fen but the order totals ${total} fen`,
  () => 'amount_cents',
);

export const ItemUnavailable = defineError(
  'SS_ERR_ITEM_UNAVAILABLE',
  409,
  (what: string) => `${what} is not sold in this store`,
  () => 'lines',
);

export const NoDeliveryStore = defineError(
  'SS_ERR_NO_DELIVERY_STORE',
  409,
  (inReach: boolean) =>
    inReach
      ? 'No store that delivers to this address has every line in stock'
      : 'No store delivers to this address: it is beyond every delivery zone',
  () => 'delivery',
);

export const ServiceNotOffered = defineError(
  'SS_ERR_SERVICE_NOT_OFFERED',
  409,
  (store: string, service: string, offered: readonly string[]) =>
    `${store} does not offer ${service} (it offers: ${offered.join(', ') || 'nothing listed'})`,
  () => 'store_id',
);

export const PickupCodeUnknown = defineError(
  'SS_ERR_PICKUP_CODE',
  404,
  () => 'No order ready for pickup with this code in this store',
  () => 'code',
);

export const ExitPassInvalid = defineError(
  'SS_ERR_EXIT_PASS',
  400,
  (why: string) => `Exit pass refused: ${why}`,
  () => 'pass',
);

export const PosRecordReused = defineError(
  'SS_ERR_POS_RECORD_REUSED',
  409,
  (kind: string, id: string) =>
    `The ${kind} record ${id} was sent before with other content; send changes under a new id`,
  () => 'id',
);

export const CouponUnknown = defineError(
  'SS_ERR_COUPON_UNKNOWN',
  404,
  (code: string, _field: string) => `No coupon ${code} of yours`,
  (_code: string, field: string) => field,
);

export const CouponRefused = defineError(
  'SS_ERR_COUPON_REFUSED',
  409,
  (code: string, why: string, _field: string) => `Coupon ${code} ${why}`,
  (_code: string, _why: string, field: string) => field,
);
