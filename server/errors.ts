/**
 * Coded errors, made once each (as fastify's lib/errors.js does): a client or a test matches on
 * `code`, never on the wording. Every error body is `{code, message, field?}`.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';

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

/** One of ajv's errors, as fastify hands them over in `error.validation`. */
interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

type Schema = Record<string, unknown>;
const UNION = new Set(['anyOf', 'oneOf']);
const unpointer = (s: string) => s.replaceAll('~1', '/').replaceAll('~0', '~');
const stepsOf = (pointer: string) => pointer.split('/').filter(Boolean).map(unpointer);

function walk(value: unknown, steps: string[]): unknown {
  let at = value;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

/** `/name` or `/hours/weekly/mon` plus ajv's missing or extra property → `name`, `hours.weekly.mon`. */
function pathOf(e: AjvError): string {
  const extra = e.params.missingProperty ?? e.params.additionalProperty;
  return [...stepsOf(e.instancePath), ...(typeof extra === 'string' ? [extra] : [])].join('.');
}

const plural = (n: unknown, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** What is wrong, in words a client developer (or a console label substitution) can use. */
function problemOf(e: AjvError, schema?: Schema): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed here';
    case 'const':
      return `must be ${shown(p.allowedValue)}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map(shown).join(', ')}`;
    case 'type':
      // A nullable schema (`nullable: true`, OpenAPI 3.0's null) names only its other type.
      return `must be ${String(p.type).replaceAll(',', ' or ')}${schema?.nullable === true ? ' or null' : ''}`;
    case 'minimum':
      return `must be at least ${p.limit}`;
    case 'maximum':
      return `must be at most ${p.limit}`;
    case 'exclusiveMinimum':
      return `must be more than ${p.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${p.limit}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${plural(p.limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(p.limit, 'character')} long`;
    case 'minItems':
      return `must have at least ${plural(p.limit, 'item')}`;
    case 'maxItems':
      return `must have at most ${plural(p.limit, 'item')}`;
    case 'minProperties':
      return `must have at least ${plural(p.limit, 'field')}`;
    case 'uniqueItems':
      return `must not repeat an item (items ${p.j} and ${p.i} are the same)`;
    case 'format':
      return `must be a valid ${p.format}`;
    default:
      return e.message ?? 'is invalid';
  }
}

/** What the errors were checked against: the route's schema for the part, and the request's data. */
interface Checked {
  schema: (schemaPath: string) => Schema | undefined;
  data: unknown;
}

const branchOf = (union: AjvError, e: AjvError) =>
  e.schemaPath.startsWith(`${union.schemaPath}/`)
    ? Number(e.schemaPath.slice(union.schemaPath.length + 1).split('/')[0])
    : undefined;

/**
 * How far a branch's errors say the data is from it (lower is nearer): a discriminating constant
 * that differs means another branch was meant; a property too many or missing, a shape; a value out
 * of range, the right shape with one bad value. Ties go to the deepest error, then the first branch.
 */
function distance(union: AjvError, errors: AjvError[]): number[] {
  const rank = (e: AjvError) => {
    if (e.instancePath === union.instancePath && (e.keyword === 'type' || e.keyword === 'const')) return 4;
    if (e.keyword === 'const' || e.keyword === 'enum') return 3;
    if (e.keyword === 'additionalProperties') return 2;
    if (e.keyword === 'required') return 1;
    return 0;
  };
  const depth = Math.max(...errors.map((e) => pathOf(e).split('.').length));
  return [Math.max(...errors.map(rank)), errors.length, -depth];
}

const nearer = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/**
 * The branches of `union` whose discriminating constants (`kind: 'zone_enter'`...) the data has,
 * when the schema says what they are; all branches when none has them. When every branch has a
 * constant for one property and the data matches none, that property is what is wrong.
 */
function discriminated(
  union: AjvError,
  branches: number[],
  checked: Checked,
): number[] | { field: string; problem: string } {
  const value = walk(checked.data, stepsOf(union.instancePath));
  if (value === null || typeof value !== 'object') return branches;
  const constants = branches.map((b) => {
    const properties = checked.schema(`${union.schemaPath}/${b}`)?.properties;
    return Object.entries((properties ?? {}) as Record<string, Schema>).filter(([, s]) => 'const' in s);
  });
  const fits = branches.filter(
    (_, i) =>
      constants[i]!.length > 0 &&
      constants[i]!.every(([k, s]) => (value as Record<string, unknown>)[k] === s.const),
  );
  if (fits.length) return fits;
  const key = constants[0]?.[0]?.[0];
  if (key !== undefined && constants.every((c) => c.length === 1 && c[0]![0] === key)) {
    const path = [...stepsOf(union.instancePath), key].join('.');
    return {
      field: path,
      problem: `must be one of: ${constants.map((c) => shown(c[0]![1].const)).join(', ')}`,
    };
  }
  return branches;
}

/**
 * The errors worth telling from ajv's list. A union (`anyOf`/`oneOf`) reports every branch's
 * error and then its own: keep only the branch the data was meant for, or, when each branch
 * refuses the value itself (a union of constants or of types), one error listing what it may be.
 */
function explain(errors: AjvError[], checked: Checked): { field: string; problem: string }[] {
  const unions = errors.filter(
    (u) =>
      UNION.has(u.keyword) &&
      !errors.some((o) => o !== u && UNION.has(o.keyword) && branchOf(o, u) !== undefined),
  );
  const inUnion = (e: AjvError) => unions.some((u) => u === e || branchOf(u, e) !== undefined);
  const plain = errors
    .filter((e) => !inUnion(e))
    .map((e) => ({
      field: pathOf(e),
      problem: problemOf(e, checked.schema(e.schemaPath.replace(/\/[^/]*$/, ''))),
    }));
  return [...plain, ...unions.flatMap((u) => explainUnion(u, errors, checked))];
}

function explainUnion(
  union: AjvError,
  errors: AjvError[],
  checked: Checked,
): { field: string; problem: string }[] {
  const byBranch = new Map<number, AjvError[]>();
  for (const e of errors) {
    const b = branchOf(union, e);
    if (b !== undefined) byBranch.set(b, [...(byBranch.get(b) ?? []), e]);
  }
  const field = pathOf(union);
  const all = [...byBranch.values()];
  const refusedWhole = all.every(
    (es) =>
      es.length === 1 &&
      es[0]!.instancePath === union.instancePath &&
      ['const', 'type'].includes(es[0]!.keyword),
  );
  if (all.length && refusedWhole) {
    const allowed = all.map((es) => es[0]!);
    const problem = allowed.every((e) => e.keyword === 'const')
      ? `must be one of: ${allowed.map((e) => shown(e.params.allowedValue)).join(', ')}`
      : `must be ${allowed.map((e) => (e.keyword === 'const' ? JSON.stringify(e.params.allowedValue) : String(e.params.type))).join(' or ')}`;
    return [{ field, problem }];
  }
  const missing = all.map((es) => (es.length === 1 && es[0]!.keyword === 'required' ? es[0]! : undefined));
  if (all.length > 1 && missing.every((e) => e?.instancePath === union.instancePath)) {
    const names = missing.map((e) => String(e!.params.missingProperty));
    return [{ field, problem: `needs one of: ${[...new Set(names)].join(', ')}` }];
  }
  const candidates = discriminated(union, [...byBranch.keys()], checked);
  if (!Array.isArray(candidates)) return [candidates];
  let best: AjvError[] | undefined;
  let bestDistance: number[] = [];
  for (const b of candidates) {
    const d = distance(union, byBranch.get(b)!);
    if (!best || nearer(d, bestDistance)) [best, bestDistance] = [byBranch.get(b)!, d];
  }
  return best ? explain(best, checked) : [{ field, problem: problemOf(union) }];
}

/** The request's part that failed and the schema it was checked against (shared ones by `$id`). */
function checkedOf(error: FastifyError, request: FastifyRequest): Checked {
  const context = error.validationContext ?? 'body';
  const parts: Record<string, unknown> = {
    body: request.body,
    querystring: request.query,
    params: request.params,
    headers: request.headers,
  };
  const routeSchema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context];
  return {
    data: parts[context],
    schema: (schemaPath) => {
      const [root, ...steps] = schemaPath.split('/');
      const base = root === '#' ? routeSchema : request.server.getSchema(root!.replace(/#$/, ''));
      const found = walk(base, steps.map(unpointer));
      return found !== null && typeof found === 'object' ? (found as Schema) : undefined;
    },
  };
}

/** A schema's refusal as one error body: the field at fault (the deepest one), and what is wrong with it. */
export function validationBody(error: FastifyError, request: FastifyRequest): ErrorBody {
  const context = error.validationContext ?? 'body';
  const found = explain((error.validation ?? []) as AjvError[], checkedOf(error, request));
  const problems = found.map((f) => `${f.field || context} ${f.problem}`);
  const body: ErrorBody = {
    code: 'SS_ERR_VALIDATION',
    message: [...new Set(problems)].join('; ') || error.message,
  };
  body.field = found[0]?.field || context;
  return body;
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
    if (error.validation) return reply.status(400).send(validationBody(error, request));
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
