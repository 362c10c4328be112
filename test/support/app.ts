/**
 * A real app for end-to-end tests: its own database (cloned from the migrated template), its own
 * Redis key prefix, the machine's Mosquitto, and requests injected without opening a port.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createDb, type Db } from '../../db/pool.js';
import { PLATFORM_ADMIN } from '../../db/seed.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const TEST_MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export interface TestApp {
  app: FastifyInstance;
  /** A second pool on the same database, for checks below the HTTP layer. */
  db: Db;
  database: TestDatabase;
  close(): Promise<void>;
  /** Injects a request, with a bearer token when given. */
  call(token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Calls `/api/v1{url}` with a JSON payload and an Idempotency-Key when given. */
  api(
    token: string | undefined,
    method: NonNullable<InjectOptions['method']>,
    url: string,
    payload?: object,
    idempotencyKey?: string,
  ): Promise<LightMyRequestResponse>;
  login(email: string, password: string): Promise<string>;
  /** Creates a second brand as the platform admin does; its id and its admin's token. */
  addBrand(brand: {
    slug: string;
    name: string;
    admin: { email: string; name: string; password: string };
  }): Promise<{ tenantId: string; admin: string }>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    MQTT_URL: TEST_MQTT_URL,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp(config, { redisPrefix: `test:${randomBytes(4).toString('hex')}:` });
  await app.ready();
  const db = createDb(database.url, { max: 2 });
  const call: TestApp['call'] = (token, options) =>
    app.inject({
      ...options,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    });
  const api: TestApp['api'] = (token, method, url, payload, idempotencyKey) =>
    call(token, {
      method,
      url: `/api/v1${url}`,
      ...(payload ? { payload } : {}),
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });
  const login: TestApp['login'] = async (email, password) => {
    const response = await call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`login ${email}: ${response.statusCode} ${response.body}`);
    return response.json().token as string;
  };
  return {
    app,
    db,
    database,
    call,
    api,
    login,
    async addBrand(brand) {
      const root = await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
      const created = await call(root, { method: 'POST', url: '/api/v1/tenants', payload: brand });
      if (created.statusCode !== 201)
        throw new Error(`brand ${brand.slug}: ${created.statusCode} ${created.body}`);
      return { tenantId: created.json().id, admin: await login(brand.admin.email, brand.admin.password) };
    },
    async close() {
      await app.close();
      await db.close();
      await database.drop();
    },
  };
}
