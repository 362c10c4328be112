/** POS/ERP integration: the documented exchange format and idempotent batch endpoints. */
export { applyMovementBatch } from './batch.js';
export { recordsFromCsv } from './csv.js';
export { posRoutes } from './routes.js';
export type { PosLine, RecordResult, StockMovementBatch, StockMovementRecord } from './schemas.js';
