/** Outbound webhooks over HTTP: brand admins register endpoints, read the delivery log, redeliver. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../../server/auth.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { createOnce, idempotencyHeaders } from '../idempotency.js';
import {
  createEndpoint,
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  pingEndpoint,
  redeliver,
  updateEndpoint,
} from './endpoints.js';
import { Delivery, DeliveryQuery, Endpoint, EndpointCreate, EndpointUpdate } from './schemas.js';

const tags = ['webhooks'];

export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Endpoint);
  app.addSchema(Delivery);
  const admin = app.requireRole('brand_admin');
  const endpointResponse = { 200: Type.Ref('WebhookEndpoint'), ...errorResponses };
  const deliveryResponse = { 200: Type.Ref('WebhookDelivery'), ...errorResponses };
  const byId = { params: IdParams, security: bearer, tags };

  app.get(
    '/webhooks/endpoints',
    {
      preHandler: admin,
      schema: {
        tags,
        security: bearer,
        summary: "The brand's webhook endpoints",
        response: { 200: Type.Array(Type.Ref('WebhookEndpoint')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), listEndpoints),
  );

  app.post(
    '/webhooks/endpoints',
    {
      preHandler: admin,
      schema: {
        tags,
        security: bearer,
        summary:
          'Register an endpoint for events (signed: X-SmartStore-Signature = v1=HMAC-SHA256(secret, "timestamp.body")); the secret is shown in this answer',
        headers: idempotencyHeaders(),
        body: EndpointCreate,
        response: { 201: Type.Ref('WebhookEndpoint'), ...errorResponses },
      },
    },
    async (request, reply) =>
      createOnce(app, request, reply, (tx, tenantId) =>
        createEndpoint(tx, tenantId, request.body as EndpointCreate),
      ),
  );

  app.get(
    '/webhooks/endpoints/:id',
    { preHandler: admin, schema: { ...byId, summary: 'One endpoint', response: endpointResponse } },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => getEndpoint(tx, id));
    },
  );

  app.patch(
    '/webhooks/endpoints/:id',
    {
      preHandler: admin,
      schema: {
        ...byId,
        summary: 'Change an endpoint: url, events, pause (active: false), set or rotate its secret',
        body: EndpointUpdate,
        response: endpointResponse,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => updateEndpoint(tx, id, request.body as EndpointUpdate));
    },
  );

  app.delete(
    '/webhooks/endpoints/:id',
    {
      preHandler: admin,
      schema: {
        ...byId,
        summary: 'Remove an endpoint and its delivery log',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await app.db.tenant(tenantOf(request), (tx) => deleteEndpoint(tx, id));
      return reply.status(204).send();
    },
  );

  app.get(
    '/webhooks/endpoints/:id/deliveries',
    {
      preHandler: admin,
      schema: {
        ...byId,
        summary: "An endpoint's deliveries, newest first: status, attempts, last status code",
        querystring: DeliveryQuery,
        response: { 200: Type.Array(Type.Ref('WebhookDelivery')), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => listDeliveries(tx, id, request.query as DeliveryQuery));
    },
  );

  app.post(
    '/webhooks/endpoints/:id/ping',
    {
      preHandler: admin,
      schema: {
        ...byId,
        summary: 'Send this endpoint a signed `ping` event now, to check that it answers and verifies',
        response: deliveryResponse,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, (tx) => pingEndpoint(tx, tenantId, id));
    },
  );

  app.get(
    '/webhooks/deliveries/:id',
    {
      preHandler: admin,
      schema: {
        ...byId,
        summary: 'One delivery with its event and every attempt',
        response: deliveryResponse,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => getDelivery(tx, id));
    },
  );

  app.post(
    '/webhooks/deliveries/:id/redeliver',
    {
      preHandler: admin,
      schema: {
        ...byId,
        summary: 'Send a delivery again now (same event id), with a fresh allowance of attempts',
        response: deliveryResponse,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => redeliver(tx, id));
    },
  );
}
