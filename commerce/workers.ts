/**
 * The stock's background work in every server process: the outbox relay and the expiry of
 * unpaid reservations. Several processes may run it at once; SKIP LOCKED shares the rows.
 */
import type { FastifyInstance } from 'fastify';
import { publisher, relayStockEvents } from './relay.js';
import { expireReservations } from './reservations.js';

const RELAY_EVERY_MS = 200;
const EXPIRE_EVERY_MS = 1000;

/** Runs `pass` every `everyMs` (never overlapping itself; at once again while it finds work) until the app closes. */
function every(app: FastifyInstance, name: string, everyMs: number, pass: () => Promise<number>): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = pass()
      .catch((error) => {
        app.log.warn({ err: error }, `${name} failed; retrying`);
        return 0;
      })
      .then((done) => {
        if (!stopped) timer = setTimeout(loop, done > 0 ? 0 : everyMs);
      });
  };
  app.addHook('onReady', async () => {
    timer = setTimeout(loop, everyMs);
  });
  app.addHook('onClose', async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  });
}

export async function expireDueReservations(app: FastifyInstance, now = new Date()): Promise<number> {
  const tenants = await app.db.anonymous(
    async (tx) =>
      (await tx.query<{ id: string }>('SELECT id FROM stock_expiry_tenants($1) AS id', [now])).rows,
  );
  let expired = 0;
  for (const { id } of tenants) expired += await app.db.tenant(id, (tx) => expireReservations(tx, id, now));
  return expired;
}

export function startStockWorkers(app: FastifyInstance): void {
  const publish = publisher(app.redis, app.mqtt);
  every(app, 'stock relay', RELAY_EVERY_MS, () => relayStockEvents(app.db, publish));
  every(app, 'reservation expiry', EXPIRE_EVERY_MS, () => expireDueReservations(app));
}
