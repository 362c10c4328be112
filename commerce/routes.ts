/** Every commerce route group, and commerce's background workers, as one plugin for server/app.ts. */
import type { FastifyInstance } from 'fastify';
import { appointmentRoutes } from './appointments/index.js';
import { cartRoutes } from './carts/index.js';
import { catalogueRoutes } from './catalogue/index.js';
import { orderRoutes } from './orders/index.js';
import { paymentRoutes } from './payments/index.js';
import { posRoutes } from './pos/index.js';
import { stockRoutes } from './stock/index.js';
import { webhookRoutes } from './webhooks/index.js';
import { startCommerceWorkers } from './workers.js';

export async function commerceRoutes(app: FastifyInstance): Promise<void> {
  await app.register(catalogueRoutes);
  await app.register(stockRoutes);
  await app.register(orderRoutes);
  await app.register(cartRoutes);
  await app.register(paymentRoutes);
  await app.register(posRoutes);
  await app.register(appointmentRoutes);
  await app.register(webhookRoutes);
  startCommerceWorkers(app);
}
