/** The signed-in shopper's address book over HTTP: list, add, change, delete, and choose the default. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { addAddress, addressBook, deleteAddress, makeDefaultAddress, updateAddress } from './addresses.js';
import { ADDRESS_BOOK_MAX, AddressInput, ShopperAddress } from './schemas.js';

export async function addressRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(ShopperAddress);
  const tags = ['members'];
  const shopper = app.requireRole('shopper');
  const one = { 200: Type.Ref('ShopperAddress'), ...errorResponses };

  app.get(
    '/me/addresses',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'My delivery addresses, the default first',
        security: bearer,
        response: { 200: Type.Array(Type.Ref('ShopperAddress')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => addressBook(tx, request.principal.id)),
  );

  app.post(
    '/me/addresses',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: `Add a delivery address (my first is my default; ${ADDRESS_BOOK_MAX} at most, then 409)`,
        security: bearer,
        body: AddressInput,
        response: { 201: Type.Ref('ShopperAddress'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const added = await app.db.tenant(tenantId, (tx) =>
        addAddress(tx, tenantId, request.principal.id, request.body as AddressInput),
      );
      return reply.status(201).send(added);
    },
  );

  app.put(
    '/me/addresses/:id',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'Change one of my addresses (all its fields)',
        security: bearer,
        params: IdParams,
        body: AddressInput,
        response: one,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) =>
        updateAddress(tx, request.principal.id, id, request.body as AddressInput),
      );
    },
  );

  app.post(
    '/me/addresses/:id/default',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'Make one of my addresses the default (the one before stops being it)',
        security: bearer,
        params: IdParams,
        response: one,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => makeDefaultAddress(tx, request.principal.id, id));
    },
  );

  app.delete(
    '/me/addresses/:id',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary:
          'Delete one of my addresses (deleting the default makes my latest changed other one the default)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await app.db.tenant(tenantOf(request), (tx) => deleteAddress(tx, request.principal.id, id));
      return reply.status(204).send();
    },
  );
}
