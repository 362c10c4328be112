/**
 * Outbound webhooks: endpoints a brand registers, events written in the transaction of the change
 * (orders through their audit trail, stock through its outbox relay, appointments directly),
 * delivered signed, retried with backoff and jitter, logged, redeliverable.
 */
export { deliverDueWebhooks, eventBody, type WebhookOptions } from './delivery.js';
export { emitWebhookEvents, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events.js';
export { webhookRoutes } from './routes.js';
export { HEADERS as WEBHOOK_HEADERS, retryDelayMs, signPayload, verifySignature } from './signature.js';
