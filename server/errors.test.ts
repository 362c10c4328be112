/**
 * Validation errors as clients read them: the field at fault (the deepest one), and the one thing
 * wrong with it, also inside unions, whose every branch ajv reports.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderCreate } from '../commerce/orders/schemas.js';
import { CampaignCreate } from '../marketing/schemas.js';
import { registerErrorHandler } from './errors.js';

let app: FastifyInstance;

const campaign = (overrides: object) => ({
  name: 'Morning latte',
  trigger: { kind: 'zone_enter', zones: ['z1'] },
  schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2027-01-01T00:00:00Z' },
  offer: { kind: 'content', title: 'Hello', body: 'Coffee is ready' },
  ...overrides,
});

beforeAll(async () => {
  // As server/app.ts configures ajv: one error per schema branch.
  app = Fastify({ ajv: { customOptions: { removeAdditional: false, allErrors: false } } });
  registerErrorHandler(app);
  app.addSchema(
    Type.Object(
      { map: Type.Object({ kind: Type.Union([Type.Literal('a'), Type.Literal('b')]) }) },
      { $id: 'Shared' },
    ),
  );
  const ok = async () => 'ok';
  app.post('/campaigns', { schema: { body: CampaignCreate } }, ok);
  app.post('/orders', { schema: { body: OrderCreate } }, ok);
  app.post('/shared', { schema: { body: Type.Ref('Shared') } }, ok);
  app.get(
    '/orders',
    {
      schema: {
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('paid')])),
        }),
      },
    },
    ok,
  );
  await app.ready();
});
afterAll(async () => app?.close());

const post = async (url: string, payload: object) => {
  const res = await app.inject({ method: 'POST', url, payload });
  expect(res.statusCode).toBe(400);
  return res.json();
};

describe('validation errors', () => {
  it('names the field and says the one thing wrong, in plain words', async () => {
    expect(await post('/campaigns', campaign({ name: '' }))).toEqual({
      code: 'SS_ERR_VALIDATION',
      message: 'name must not be empty',
      field: 'name',
    });
    expect(await post('/campaigns', campaign({ budget_total: -1 }))).toMatchObject({
      message: 'budget_total must be at least 1',
      field: 'budget_total',
    });
  });

  it('reports the branch of a union the data was meant for, found by its kind', async () => {
    expect(await post('/campaigns', campaign({ trigger: { kind: 'zone_enter', zones: [] } }))).toEqual({
      code: 'SS_ERR_VALIDATION',
      message: 'trigger.zones must have at least 1 item',
      field: 'trigger.zones',
    });
    const dwell = { kind: 'zone_dwell', zones: ['z1'], min_dwell_s: 1e12 };
    expect(await post('/campaigns', campaign({ trigger: dwell }))).toMatchObject({
      message: 'trigger.min_dwell_s must be at most 3600',
      field: 'trigger.min_dwell_s',
    });
    expect(
      await post('/campaigns', campaign({ trigger: { kind: 'zone_dwell', zones: ['z1'] } })),
    ).toMatchObject({
      message: 'trigger.min_dwell_s is required',
      field: 'trigger.min_dwell_s',
    });
    expect(
      await post('/campaigns', campaign({ trigger: { kind: 'zone_enter', zones: ['z1'], min_dwell_s: 30 } })),
    ).toMatchObject({ message: 'trigger.min_dwell_s is not allowed here', field: 'trigger.min_dwell_s' });
    expect(
      await post('/campaigns', campaign({ trigger: { kind: 'teleport', zones: ['z1'] } })),
    ).toMatchObject({
      message: 'trigger.kind must be one of: store_arrival, zone_enter, zone_dwell, zone_exit',
      field: 'trigger.kind',
    });
  });

  it('lists the values a union of constants allows, in the body, the query and shared schemas', async () => {
    const order = { type: 'teleport', store_id: '00000000-0000-4000-8000-000000000000', lines: [] };
    expect(await post('/orders', order)).toMatchObject({
      message: 'type must be one of: pickup, delivery, scan_to_buy',
      field: 'type',
    });
    const res = await app.inject({ method: 'GET', url: '/orders?status=bogus' });
    expect(res.json()).toEqual({
      code: 'SS_ERR_VALIDATION',
      message: 'status must be one of: open, paid',
      field: 'status',
    });
    expect(await post('/shared', { map: { kind: 'z' } })).toMatchObject({
      message: 'map.kind must be one of: a, b',
      field: 'map.kind',
    });
  });

  it('tells which line shape a line is nearest, or that it needs one of them', async () => {
    const order = (line: object) => ({
      type: 'pickup',
      lines: [{ sku_id: '00000000-0000-4000-8000-000000000000', qty: 1 }, line],
    });
    expect(
      await post('/orders', order({ sku_id: '00000000-0000-4000-8000-000000000000', qty: 0 })),
    ).toMatchObject({
      message: 'lines.1.qty must be at least 1',
      field: 'lines.1.qty',
    });
    expect(await post('/orders', order({ qty: 2 }))).toMatchObject({
      message: 'lines.1 needs one of: sku_id, barcode',
      field: 'lines.1',
    });
  });

  it('says what a nullable value may be', async () => {
    expect(await post('/campaigns', campaign({ budget_total: 'lots' }))).toMatchObject({
      message: 'budget_total must be integer or null',
      field: 'budget_total',
    });
  });
});
