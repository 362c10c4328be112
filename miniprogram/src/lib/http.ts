/**
 * One HTTP call over wx.request, as a promise. A non-2xx answer becomes an ApiError carrying the
 * server's own `{code, message, field}`, so the page can show the shopper the server's words.
 */
import { config } from './config';
import { t } from './i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Call {
  method: Method;
  path: string;
  body?: unknown;
  token?: string;
  idempotencyKey?: string;
}

function errorOf(status: number, data: unknown): ApiError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const message = typeof body.message === 'string' ? body.message : t('serverAnswered', { status });
  const code = typeof body.code === 'string' ? body.code : 'SS_ERR_HTTP';
  return new ApiError(status, code, message, typeof body.field === 'string' ? body.field : undefined);
}

export function send<T>(call: Call): Promise<T> {
  const header: Record<string, string> = {};
  if (call.token) header.authorization = `Bearer ${call.token}`;
  if (call.idempotencyKey) header['idempotency-key'] = call.idempotencyKey;
  if (call.body !== undefined) header['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${config.apiBase}/api/v1${call.path}`,
      method: call.method,
      header,
      timeout: 15_000,
      ...(call.body === undefined ? {} : { data: call.body }),
      success: (result) => {
        if (result.statusCode >= 200 && result.statusCode < 300) resolve(result.data as T);
        else reject(errorOf(result.statusCode, result.data));
      },
      fail: () => reject(new ApiError(0, 'SS_ERR_NETWORK', t('networkDown'))),
    });
  });
}
