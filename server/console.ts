/**
 * Serves the web console (a Vite build in console/dist) at /console. `npm start` builds it when it
 * is missing or stale (scripts/console-build.ts); without a build the page says how to make one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../db/migrate.js';

export const CONSOLE_DIST = join(PROJECT_ROOT, 'console', 'dist');

export async function consolePlugin(app: FastifyInstance): Promise<void> {
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'));
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) {
    app.get('/console/*', { schema: { hide: true } }, (_request, reply) =>
      reply
        .status(503)
        .type('text/plain')
        .send('The console is not built: run `npm start`, which builds it.'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: CONSOLE_DIST, prefix: '/console/', index: 'index.html' });
}
