/**
 * Stores: a brand's shops with location, hours, services and the georeference of their indoor
 * frame. Staff edit them; the public directory answers "stores near me" and "is it open now".
 */
export {
  addDays,
  clockOf,
  hoursToday,
  intervalsOn,
  isOpenAt,
  type LocalTime,
  localTime,
  minutesOf,
  OpeningHours,
  WEEKDAYS,
} from './hours.js';
export { ownStore } from './own-store.js';
export { storeRoutes } from './routes.js';
export type { NearbyStore, PublicStore, Store, StoreCreate, StoreUpdate } from './schemas.js';
export { storeNewsSocket } from './store-news.js';
export {
  createStore,
  existingStoreIds,
  getStore,
  listStores,
  publicStore,
  storesNearby,
  updateStore,
} from './stores.js';
