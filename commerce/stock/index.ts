/**
 * Stock: balances per (store, SKU), the append-only ledger, reservations that expire, the outbox
 * relay to MQTT and Redis, and the drift checker.
 */
export { demandBySku, type Line } from './demand.js';
export { type Drift, findDrift, repairDrift } from './drift.js';
export { type MovementEntry, type MovementSource, movementHistory, movementSource } from './history.js';
export {
  ADJUSTMENT_REASONS,
  type AdjustmentReason,
  applyStockOperation,
  applyStockOperations,
  availableUnits,
  type CountedKind,
  MOVEMENT_KINDS,
  type MovementKind,
  type MovementLine,
  mergeLines,
  movementLines,
  type OperationResult,
  STOCK_MAX_UNITS,
  type StockLevel,
  type StockOperation,
  stockLevels,
} from './movements.js';
export {
  cachedShortfall,
  cachedStock,
  type Publish,
  publisher,
  relayStockEvents,
  type StockEvent,
  type StockMessage,
  stockCacheKey,
  stockTopic,
} from './relay.js';
export {
  expireReservations,
  getReservation,
  type Reservation,
  type ReservationStatus,
  type ReserveRequest,
  reserveStock,
  type Settlement,
  settleReservation,
  stockShortfall,
} from './reservations.js';
export { stockRoutes } from './routes.js';
export { LOW_STOCK_UNITS, type ShelfLine, storeStock } from './shelf.js';
