/**
 * JWT authentication and role guards. A route states who may call it:
 *   { preHandler: app.requireRole('brand_admin', 'store_manager') }
 * and then reads `request.principal`. Platform admins pass every staff guard. A staff account an
 * admin changed (deactivated, another role or stores, a new password) has its earlier tokens refused:
 * they carry the old role and stores, and a leaver's would otherwise open the console for hours.
 */
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { hasRole, type Principal, type Role } from '../tenancy/roles.js';
import { Forbidden, Unauthorized, Validation } from './errors.js';

interface TokenClaims {
  sub: string;
  kind: Principal['kind'];
  role: Role;
  tenant: string | null;
  stores?: string[];
  /** When it was issued, in milliseconds (`iat` has seconds): a change made just after it must outdate it. */
  at?: number;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: TokenClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    issueToken(principal: Principal): { token: string; expires_in: number };
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
    /** Refuses the staff account's tokens issued before now: it was changed. */
    staffChanged(staffId: string): Promise<void>;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

function toPrincipal(claims: TokenClaims): Principal {
  if (claims.kind === 'shopper' && claims.tenant) {
    return { kind: 'shopper', id: claims.sub, tenantId: claims.tenant, role: 'shopper' };
  }
  if (claims.kind === 'staff' && claims.role !== 'shopper') {
    return {
      kind: 'staff',
      id: claims.sub,
      tenantId: claims.tenant,
      role: claims.role,
      storeIds: claims.stores ?? [],
    };
  }
  throw Unauthorized('Token is malformed');
}

export const authPlugin = fp(
  async (app: FastifyInstance, options: { secret: string; ttlSeconds: number }) => {
    await app.register(fastifyJwt, { secret: options.secret, sign: { expiresIn: options.ttlSeconds } });

    app.decorate('issueToken', (principal: Principal) => {
      const claims: TokenClaims = {
        sub: principal.id,
        kind: principal.kind,
        role: principal.role,
        tenant: principal.tenantId,
        at: Date.now(),
      };
      if (principal.kind === 'staff') claims.stores = principal.storeIds;
      return { token: app.jwt.sign(claims), expires_in: options.ttlSeconds };
    });

    // When each changed account was changed (epoch milliseconds), for as long as a token lives.
    const changedKey = (staffId: string) => `staff-changed:${staffId}`;
    app.decorate('staffChanged', async (staffId: string) => {
      await app.redis.set(changedKey(staffId), Date.now(), 'EX', options.ttlSeconds);
    });
    /** Whether a staff token predates a change to its account. */
    const outdated = async (claims: TokenClaims) => {
      if (claims.kind !== 'staff') return false;
      const changed = await app.redis.get(changedKey(claims.sub));
      return changed !== null && (claims.at ?? 0) < Number(changed);
    };

    // Set by requireRole before any guarded handler runs; unguarded routes never read it.
    app.decorateRequest('principal', null as never);

    app.decorate('requireRole', (...roles: Role[]): preHandlerAsyncHookHandler => {
      return async (request: FastifyRequest) => {
        if (!request.headers.authorization)
          throw Unauthorized('Log in first: send Authorization: Bearer <token>');
        let claims: TokenClaims;
        try {
          claims = await request.jwtVerify<TokenClaims>();
          request.principal = toPrincipal(claims);
        } catch {
          throw Unauthorized('Token is invalid or expired');
        }
        if (await outdated(claims)) throw Unauthorized('Your account was changed: sign in again');
        if (!hasRole(request.principal.role, roles))
          throw Forbidden(`This needs one of the roles: ${roles.join(', ')}`);
      };
    });
  },
  { name: 'auth' },
);

/**
 * A shopper's token as the embedded broker checks it (password of the `shopper` user): the same
 * verification as the API's, and until when it holds. Undefined for anything else.
 */
export function shopperOfToken(
  app: FastifyInstance,
  token: string,
): { tenantId: string; shopperId: string; expiresAt: number } | undefined {
  try {
    const claims = app.jwt.verify<TokenClaims & { exp?: number }>(token);
    const principal = toPrincipal(claims);
    if (principal.kind !== 'shopper' || claims.exp === undefined) return undefined;
    return { tenantId: principal.tenantId, shopperId: principal.id, expiresAt: claims.exp * 1000 };
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant a request acts for: the caller's own; a platform admin names one with `X-Tenant-Id`.
 * Never taken from the body or the URL, so no route can be talked into another tenant.
 */
export function tenantOf(request: FastifyRequest): string {
  const { principal } = request;
  if (principal.tenantId) return principal.tenantId;
  const header = request.headers['x-tenant-id'];
  if (typeof header !== 'string' || !UUID.test(header)) {
    throw Validation('X-Tenant-Id', 'header must name the brand (tenant id) a platform admin acts for');
  }
  return header;
}

/**
 * Browsers cannot set headers on a WebSocket; the console offers its token as subprotocols
 * (`new WebSocket(url, ['bearer', token])`) and ws answers with the first, `bearer`. The token
 * never appears in the URL, so it is not written to access logs.
 */
export async function bearerFromSubprotocol(request: FastifyRequest): Promise<void> {
  const offered = request.headers['sec-websocket-protocol'];
  if (request.headers.authorization || typeof offered !== 'string') return;
  const [scheme, token] = offered.split(',').map((p) => p.trim());
  if (scheme === 'bearer' && token) request.headers.authorization = `Bearer ${token}`;
}

/** A staff WebSocket route's answer to a plain GET: its URL is for opening as a WebSocket. */
export const upgradeRequired = async (_request: FastifyRequest, reply: FastifyReply) =>
  reply.status(426).send({ code: 'SS_ERR_UPGRADE_REQUIRED', message: 'Open this URL as a WebSocket' });
