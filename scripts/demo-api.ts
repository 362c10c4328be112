/** The HTTP API as the demo's clients call it, in process: `/api/v1` paths, a bearer token when given. */
import type { FastifyInstance } from 'fastify';

export type Call = (
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
) => Promise<{ status: number; body: unknown }>;

export function apiCaller(app: FastifyInstance, token?: string): Call {
  return async (method, url, payload) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };
}
