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

export const CategoryTaken = defineError(
  'SS_ERR_CATEGORY_TAKEN',
  409,
  (name: string) => `This brand already has a category named ${name}`,
  () => 'name',
);

export const StockInsufficient = defineError(
  'SS_ERR_STOCK_INSUFFICIENT',
  409,
  (skuId: string, storeId: string) => `Not enough stock of SKU ${skuId} in store ${storeId}`,
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
