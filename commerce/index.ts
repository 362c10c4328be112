/**
 * Commerce: catalogue, stock ledger and reservations, orders, payments, POS/ERP sync, appointments.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
