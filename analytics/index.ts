/**
 * Analytics: a store's footfall beside its sales, day by day. Campaign reports (attribution, lift)
 * live with the campaigns in marketing/.
 *
 * Front door of the domain: other folders import from here only.
 */
export { type StoreDay, type StoreDays, storeDays } from './report.js';
export { analyticsRoutes } from './routes.js';
