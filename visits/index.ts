/**
 * Visits: a shopper's time in a store, from positioning fixes — store arrival and departure
 * (telling shoppers from passers-by at the window), zone enter / dwell / exit, the visits tables,
 * and the live stage that hands each moment of a visit to the campaigns.
 */
export {
  type ArrivalEvent,
  type ArrivalOptions,
  type ArrivalRecogniser,
  createArrivalRecogniser,
  DEFAULT_ARRIVAL_OPTIONS,
  type OutdoorReport,
  type StoreFrame,
} from './arrival.js';
export { type VisitsOptions, visitsPlugin } from './plugin.js';
export { createPresence, type Presence, type StoreGeometry, type VisitEvent } from './presence.js';
export {
  type DayFootfall,
  footfallByDay,
  footfallSince,
  importPastVisits,
  openVisits,
  type PastVisit,
  shoppersWhoVisited,
  visitsBefore,
} from './records.js';
export { type StoreContext, type VisitStage, type VisitStageDeps, visitStage } from './stage.js';
export { type ZonePass, zonePasses } from './zone-passes.js';
