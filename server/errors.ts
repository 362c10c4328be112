/**
 * Coded errors, made once each (as fastify's lib/errors.js does): a client or a test matches on
 * `code`, never on the wording. Every error body is `{code, message, field?}`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export class SmartStoreError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SmartStoreError';
  }
}

/** Declares one error of a domain's list: `const NotFound = defineError('SS_ERR_NOT_FOUND', 404, (what: string) => ...)`. */
export function defineError<A extends unknown[]>(
  code: `SS_ERR_${string}`,
  statusCode: number,
  message: (...args: A) => string,
  field?: (...args: A) => string | undefined,
) {
  const make = (...args: A) => new SmartStoreError(code, statusCode, message(...args), field?.(...args));
  return Object.assign(make, { code, statusCode });
}

export const NotFound = defineError('SS_ERR_NOT_FOUND', 404, (what: string) => `${what} not found`);
export const Validation = defineError(
  'SS_ERR_VALIDATION',
  400,
  (field: string, problem: string) => `${field} ${problem}`,
  (field: string) => field,
);
export const Unauthorized = defineError('SS_ERR_UNAUTHORIZED', 401, (why: string) => why);
export const Forbidden = defineError('SS_ERR_FORBIDDEN', 403, (why: string) => why);
export const Conflict = defineError(
  'SS_ERR_CONFLICT',
  409,
  (what: string) => what,
  (_what: string, field?: string) => field,
);

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** `/name` or `/hours/weekly/mon` plus ajv's missingProperty → `name`, `hours.weekly.mon`. */
function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (first.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const path = first.instancePath
    .split('/')
    .filter(Boolean)
    .concat(missing ?? extra ?? [])
    .join('.');
  return path || error.validationContext;
}

export function errorBody(error: SmartStoreError): ErrorBody {
  return error.field === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, field: error.field };
}

/** Installs the one error handler: coded errors as they are, validation as 400 with the field, the rest 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SmartStoreError, request, reply) => {
    if (error instanceof SmartStoreError) {
      return reply.status(error.statusCode).send(errorBody(error));
    }
    if (error.validation) {
      const field = fieldOf(error);
      const body: ErrorBody = { code: 'SS_ERR_VALIDATION', message: error.message };
      if (field) body.field = field;
      return reply.status(400).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ code: 'SS_ERR_INTERNAL', message: 'Internal error' });
    }
    // Fastify's own client errors (bad JSON, body too large, unsupported media type...).
    return reply
      .status(status)
      .send({ code: `SS_ERR_${error.code ?? 'BAD_REQUEST'}`, message: error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ code: 'SS_ERR_NOT_FOUND', message: `Route ${request.method} ${request.url} not found` });
  });
}
