import { randomBytes, randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerTopic } from '../push/index.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('operations endpoints', () => {
  it('reports db, redis and mqtt healthy on the real services', async () => {
    const response = await t.call(undefined, { method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toBe('ok');
    expect(body.checks.db).toMatchObject({ ok: true, detail: expect.stringMatching(/^PostGIS 3/) });
    expect(body.checks.redis.ok).toBe(true);
    expect(body.checks.mqtt.ok).toBe(true);
  });

  it('serves Prometheus metrics, counting requests by route', async () => {
    await t.call(undefined, { method: 'GET', url: '/health' });
    const response = await t.call(undefined, { method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toMatch(
      /ss_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/,
    );
    expect(response.body).toContain('ss_process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI 3 document and the Swagger UI', async () => {
    const spec = (await t.call(undefined, { method: 'GET', url: '/docs/json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    const paths = Object.keys(spec.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/stores/nearby', '/api/v1/stores/{id}', '/api/v1/auth/login']),
    );
    for (const path of paths) {
      if (['/health', '/metrics'].includes(path)) continue;
      expect(path, 'every API route lives under /api/v1').toMatch(/^\/api\/v1\//);
      for (const [method, operation] of Object.entries(
        spec.paths[path] as Record<string, { responses: object; summary?: string }>,
      )) {
        expect(operation.summary?.length ?? 0, `${method} ${path} has a summary`).toBeGreaterThan(0);
        expect(Object.keys(operation.responses), `${method} ${path} documents its errors`).toContain('400');
      }
    }
    const ui = await t.call(undefined, { method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});

describe('errors', () => {
  it('answers an unknown route with a coded 404', async () => {
    const response = await t.call(undefined, { method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('SS_ERR_NOT_FOUND');
  });

  it('answers broken JSON with a coded 400, never a 500', async () => {
    const response = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toMatch(/^SS_ERR_/);
  });
});

describe('embedded MQTT broker', () => {
  it('starts in-process when MQTT_URL is unset, on its own ports, not Mosquitto’s 1883', async () => {
    const config = loadConfig({
      DATABASE_URL: t.database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      MQTT_EMBEDDED_PORT: '0',
      MQTT_EMBEDDED_WS_PORT: '0',
    });
    const app = await buildApp(config, { redisPrefix: 'test:embedded:' });
    try {
      await app.ready();
      expect(app.mqttEndpoints.embedded).toBe(true);
      expect(app.mqttEndpoints.url).not.toMatch(/:1883$/);
      await new Promise<void>((resolve) =>
        app.mqtt.connected ? resolve() : app.mqtt.once('connect', () => resolve()),
      );
      // A shopper over WebSocket (as the mini-program connects) hears what the server publishes to them.
      const shopper = { kind: 'shopper', id: randomUUID(), tenantId: randomUUID(), role: 'shopper' } as const;
      const client = await mqtt.connectAsync(app.mqttEndpoints.wsUrl!, {
        username: 'shopper',
        password: app.issueToken(shopper).token,
      });
      const heard = new Promise<string>((resolve) =>
        client.on('message', (_topic, payload) => resolve(payload.toString())),
      );
      await client.subscribeAsync(offerTopic(shopper.tenantId, shopper.id), { qos: 1 });
      await app.mqtt.publishAsync(offerTopic(shopper.tenantId, shopper.id), 'hi', { qos: 1 });
      expect(await heard).toBe('hi');
      await client.endAsync();
      const health = (await app.inject({ method: 'GET', url: '/health' })).json();
      expect(health.checks.mqtt).toMatchObject({ ok: true, detail: 'embedded broker' });
    } finally {
      await app.close();
    }
  });
});
