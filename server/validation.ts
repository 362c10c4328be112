/**
 * Request validation: ajv as fastify sets it up, but JSON bodies are checked as sent. A query string's
 * or a path's values are all strings, so those are coerced to the schema's types (`?limit=20`, a status
 * given once where a list is taken); a JSON body's values are typed already, and coercing them turns a
 * `null` into 0 or '' (a delivery zone's "never free" `free_over_cents: null` read as free over ¥0), or
 * a 0 into `null` where null comes first in a union. A wrong type in a body is the client's 400.
 */
import { AjvCompiler, type Options } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

const compilers = AjvCompiler();

export const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  const coercing = compilers(externalSchemas, options);
  // Fastify's options are ajv's (this app sets no JTD mode), so the same options with one change.
  const exact = compilers(externalSchemas, {
    ...options,
    customOptions: { ...(options?.customOptions as Options), coerceTypes: false },
  } as Parameters<typeof compilers>[1]);
  return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
};
