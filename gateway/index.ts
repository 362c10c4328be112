/**
 * Gateway: MQTT ingestion, payload adapters, dead-letter, batching and fan-out to positioning.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
