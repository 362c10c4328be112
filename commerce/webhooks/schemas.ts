import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../server/schemas.js';
import { WEBHOOK_EVENT_TYPES } from './events.js';

const Url = Type.String({
  pattern: '^https?://[^\\s]+$',
  maxLength: 2000,
  description: 'where events are POSTed',
});
const Secret = Type.String({
  minLength: 16,
  maxLength: 200,
  description: 'the HMAC key of X-SmartStore-Signature; omitted: one is generated',
});
const Events = Type.Array(Type.Enum(WEBHOOK_EVENT_TYPES), { minItems: 1, uniqueItems: true });

export const EndpointCreate = Type.Object(
  {
    url: Url,
    events: Events,
    secret: Type.Optional(Secret),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type EndpointCreate = Static<typeof EndpointCreate>;

export const EndpointUpdate = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    secret: Type.Optional(Secret),
    rotate_secret: Type.Optional(
      Type.Boolean({ description: 'true: a new secret is generated and shown once' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EndpointUpdate = Static<typeof EndpointUpdate>;

export const Endpoint = Type.Object(
  {
    id: Uuid,
    url: Type.String(),
    events: Type.Array(Type.String()),
    description: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    secret: Type.Optional(Type.String({ description: 'shown when it is set or rotated only' })),
    secret_hint: Type.String({ description: 'the last four characters of the secret' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'WebhookEndpoint' },
);

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

const Attempt = Type.Object({
  started_at: Timestamp,
  duration_ms: Type.Integer(),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const Delivery = Type.Object(
  {
    id: Uuid,
    endpoint_id: Uuid,
    event: Type.Object({
      id: Uuid,
      type: Type.String(),
      created_at: Timestamp,
      data: Type.Optional(Type.Unknown()),
    }),
    status: Type.Enum(DELIVERY_STATUSES),
    attempts: Type.Integer({ description: 'attempts since the event or the last manual redelivery' }),
    next_attempt_at: Type.Union([Timestamp, Type.Null()]),
    last_status_code: Type.Union([Type.Integer(), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]),
    delivered_at: Type.Union([Timestamp, Type.Null()]),
    created_at: Timestamp,
    log: Type.Optional(Type.Array(Attempt, { description: 'every attempt, oldest first' })),
  },
  { $id: 'WebhookDelivery' },
);

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(DELIVERY_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type DeliveryQuery = Static<typeof DeliveryQuery>;
