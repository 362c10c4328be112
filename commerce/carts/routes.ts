/** The shopper's own cart: kept by the mini-program as it changes, read back on another phone. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../../db/pool.js';
import { shopperTier } from '../../members/index.js';
import { tenantOf } from '../../server/auth.js';
import { Validation } from '../../server/errors.js';
import { bearer, errorResponses } from '../../server/schemas.js';
import { getStore } from '../../stores/index.js';
import { knownSkuIds, shelfItems, unitPrice } from '../catalogue/index.js';
import { type KeptCart, keepCart, keptCart } from './carts.js';
import { Cart, CartSet } from './schemas.js';

const tags = ['orders'];

/** The kept lines at today's prices for this shopper at the cart's store. */
async function priced(
  tx: Tx,
  tenantId: string,
  shopperId: string,
  kept: KeptCart | undefined,
): Promise<Cart> {
  if (!kept?.store_id || kept.lines.length === 0)
    return { store_id: null, lines: [], updated_at: kept?.updated_at.toISOString() ?? null };
  const items = await shelfItems(
    tx,
    kept.store_id,
    kept.lines.map((l) => l.sku_id),
  );
  const tier = await shopperTier(tx, tenantId, shopperId);
  return {
    store_id: kept.store_id,
    // A SKU the brand has since removed is dropped; one taken off sale stays, marked.
    lines: kept.lines.flatMap((line) => {
      const item = items.get(line.sku_id);
      return item
        ? [
            {
              sku_id: line.sku_id,
              code: item.code,
              name: item.name,
              image: item.image,
              category_id: item.category_id,
              unit_cents: unitPrice(item, tier).unit_cents,
              qty: line.qty,
              available: item.available,
            },
          ]
        : [];
    }),
    updated_at: kept.updated_at.toISOString(),
  };
}

export async function cartRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Cart);
  const response = { 200: Type.Ref('Cart'), ...errorResponses };

  app.get(
    '/me/cart',
    {
      preHandler: app.requireRole('shopper'),
      schema: {
        tags,
        summary: "The shopper's cart as last kept, at the store's prices for them now",
        security: bearer,
        response,
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const shopperId = request.principal.id;
      return app.db.tenant(tenantId, async (tx) =>
        priced(tx, tenantId, shopperId, await keptCart(tx, shopperId)),
      );
    },
  );

  app.put(
    '/me/cart',
    {
      preHandler: app.requireRole('shopper'),
      schema: {
        tags,
        summary: "Keep the shopper's cart (the whole of it: one store's lines); an empty one clears it",
        security: bearer,
        body: CartSet,
        response,
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const shopperId = request.principal.id;
      const cart = request.body as CartSet;
      return app.db.tenant(tenantId, async (tx) => {
        const storeId = cart.lines.length ? cart.store_id : null;
        if (cart.lines.length && !storeId)
          throw Validation('store_id', 'is required when the cart has lines');
        if (storeId && !(await getStore(tx, storeId)))
          throw Validation('store_id', 'is not a store of this brand');
        const known = await knownSkuIds(
          tx,
          cart.lines.map((l) => l.sku_id),
        );
        const seen = new Set<string>();
        for (const [i, line] of cart.lines.entries()) {
          if (!known.has(line.sku_id))
            throw Validation(`lines.${i}.sku_id`, 'is not a product of this brand');
          if (seen.has(line.sku_id))
            throw Validation(`lines.${i}.sku_id`, 'is in the cart twice: one line holds its quantity');
          seen.add(line.sku_id);
        }
        await keepCart(tx, tenantId, shopperId, { store_id: storeId, lines: cart.lines });
        return priced(tx, tenantId, shopperId, await keptCart(tx, shopperId));
      });
    },
  );
}
