/** Every commerce route group, and the stock's background workers, as one plugin for server/app.ts. */
import type { FastifyInstance } from 'fastify';
import { catalogueRoutes } from './catalogue/index.js';
import { startStockWorkers, stockRoutes } from './stock/index.js';

export async function commerceRoutes(app: FastifyInstance): Promise<void> {
  await app.register(catalogueRoutes);
  await app.register(stockRoutes);
  startStockWorkers(app);
}
