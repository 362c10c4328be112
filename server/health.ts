/** GET /health: each dependency checked live, with its latency; 503 when any is down. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const Check = Type.Object({
  ok: Type.Boolean(),
  latency_ms: Type.Number(),
  detail: Type.Optional(Type.String()),
});
const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  checks: Type.Object({ db: Check, redis: Check, mqtt: Check }),
});

const TIMEOUT_MS = 2000;

async function timed(probe: () => Promise<string | undefined>) {
  const started = performance.now();
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS),
      ),
    ]);
    return { ok: true, latency_ms: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    return {
      ok: false,
      latency_ms: Math.round(performance.now() - started),
      detail: (error as Error).message,
    };
  }
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness of the server and its dependencies',
        response: { 200: HealthBody, 503: HealthBody },
      },
    },
    async (_request, reply) => {
      const [db, redis, mqtt] = await Promise.all([
        timed(async () => {
          const { rows } = await app.db.pool.query<{ v: string }>('SELECT postgis_lib_version() AS v');
          return `PostGIS ${rows[0]?.v}`;
        }),
        timed(async () => {
          await app.redis.ping();
          return undefined;
        }),
        timed(async () => {
          if (!app.mqtt.connected) throw new Error(`not connected to ${app.mqttEndpoints.url}`);
          return app.mqttEndpoints.embedded ? 'embedded broker' : app.mqttEndpoints.url;
        }),
      ]);
      const healthy = db.ok && redis.ok && mqtt.ok;
      return reply
        .status(healthy ? 200 : 503)
        .send({ status: healthy ? 'ok' : 'degraded', checks: { db, redis, mqtt } });
    },
  );
}
