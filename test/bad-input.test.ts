/**
 * Every documented route, sent bodies and query strings of the wrong shape: the answer is always a
 * 4xx with a coded error body, never a 500 (a column overflowing, a refusal that cannot be written).
 * The values are each body property's wrong types and extremes, one property at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let storeId: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  storeId = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json()[0].id;
});
afterAll(async () => t?.close());

const WRONG = [null, 'x', -1, 1e300, 2 ** 31, [], {}, true, 'a'.repeat(5000)];
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Operation = { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } };

describe('bad input on every route', () => {
  it('is a 4xx with a coded error, never a 5xx', async () => {
    const spec = (
      t.app as unknown as { swagger(): { paths: Record<string, Record<string, Operation>> } }
    ).swagger();
    const failures: string[] = [];
    let sent = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const url = path.replace('{id}', storeId).replace(/\{[^}]+\}/g, UNKNOWN);
        const properties = Object.keys(
          operation.requestBody?.content?.['application/json']?.schema?.properties ?? {},
        );
        const bodies: unknown[] =
          method === 'get' || method === 'delete'
            ? [undefined]
            : [{}, [], 'x', ...properties.flatMap((p) => WRONG.map((v) => ({ [p]: v })))];
        for (const [i, payload] of bodies.entries()) {
          const query = i === 0 ? '?limit=x&days=-1&date=bogus&store_id=nope&from=never' : '';
          sent += 1;
          const res = await t.call(admin, {
            method: method.toUpperCase() as 'GET',
            url: `${url}${query}`,
            headers: { 'idempotency-key': `bad-input-${sent}` },
            ...(payload === undefined ? {} : { payload: payload as object }),
          });
          // WeChat Pay's notifications are answered in WeChat's own form ({code: 'FAIL', message}).
          const code = res.statusCode < 400 ? '' : String(res.json().code ?? '');
          const coded =
            res.statusCode < 400 || /^SS_ERR_/.test(code) || (path.endsWith('/notify') && code === 'FAIL');
          if (res.statusCode >= 500 || !coded)
            failures.push(
              `${res.statusCode} ${method} ${url}${query} ${JSON.stringify(payload)} → ${res.body.slice(0, 120)}`,
            );
        }
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 240_000);
});
