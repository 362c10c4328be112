/** POS/ERP integration: the documented exchange format and idempotent batch endpoints. */
export { applyMemberBatch, applyMovementBatch, applyProductBatch } from './batch.js';
export { membersFromCsv, productsFromCsv, recordsFromCsv } from './csv.js';
export { type PastTillReceipt, pastTillSales } from './history.js';
export { posRoutes } from './routes.js';
export type {
  MemberBatch,
  MemberRecord,
  PosLine,
  ProductBatch,
  ProductRecord,
  RecordResult,
  StockMovementBatch,
  StockMovementRecord,
} from './schemas.js';
