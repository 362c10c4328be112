/**
 * Request validation as the app sets it up: a JSON body is checked as sent (a null is a null, or a 400,
 * never a 0 or an empty string), a query string's text is read as the schema's types.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildValidator } from './validation.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator } },
  });
  app.post(
    '/zones',
    {
      schema: {
        body: Type.Object({
          free_over_cents: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
          radius_m: Type.Integer(),
          phone: Type.Optional(Type.Union([Type.Null(), Type.String({ pattern: '^[0-9]+$' })])),
        }),
        querystring: Type.Object({
          limit: Type.Integer({ default: 50 }),
          status: Type.Optional(Type.Array(Type.String())),
        }),
      },
    },
    async (request) => ({ body: request.body, query: request.query }),
  );
  await app.ready();
});
afterAll(() => app.close());

const post = (body: object, query = '') =>
  app.inject({ method: 'POST', url: `/zones${query}`, payload: body });

describe('request validation', () => {
  it('keeps a null in a body as null, and a 0 as 0, whichever the union names first', async () => {
    const never = await post({ free_over_cents: null, radius_m: 1000, phone: null });
    expect(never.json().body).toEqual({ free_over_cents: null, radius_m: 1000, phone: null });
    const zero = await post({ free_over_cents: 0, radius_m: 0 });
    expect(zero.json().body).toEqual({ free_over_cents: 0, radius_m: 0 });
  });

  it('refuses a body value of the wrong type instead of converting it', async () => {
    expect((await post({ free_over_cents: 5, radius_m: null })).statusCode).toBe(400);
    expect((await post({ free_over_cents: '5', radius_m: 1 })).statusCode).toBe(400);
    expect((await post({ free_over_cents: 5, radius_m: 1, phone: '' })).statusCode).toBe(400);
  });

  it("reads a query string's text as numbers, and one value where a list is taken as a list", async () => {
    const answer = await post({ free_over_cents: null, radius_m: 1 }, '?limit=20&status=paid');
    expect(answer.json().query).toEqual({ limit: 20, status: ['paid'] });
  });
});
