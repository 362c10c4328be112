/**
 * Push: delivery channels to shoppers (live channel, WeChat subscribe messages), caps and receipts.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
