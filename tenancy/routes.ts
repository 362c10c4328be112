import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { LoginFailed, OwnAccess } from './errors.js';
import {
  type BrandMiniprogram,
  brandMiniprogram,
  removeBrandMiniprogram,
  setBrandMiniprogram,
} from './miniprograms.js';
import { passwordRoutes } from './password-routes.js';
import { verifyPassword } from './passwords.js';
import { STAFF_ROLES } from './roles.js';
import {
  LoginBody,
  Miniprogram,
  MiniprogramSet,
  Session,
  Staff,
  StaffCreate,
  StaffUpdate,
  Tenant,
  TenantCreate,
  TenantUpdate,
} from './schemas.js';
import { sessionOf } from './session.js';
import {
  createStaff,
  type ExistingStores,
  findStaffForLogin,
  getStaff,
  listStaff,
  updateStaff,
} from './staff.js';
import { createTenant, getTenant, listTenants, updateTenant } from './tenants.js';
import { loginOf, MAX_WRONG, WINDOW_S, wrongPasswords } from './wrong-passwords.js';

export interface TenancyRouteOptions {
  /** Stores' lookup, for the store ids given to a staff account. */
  existingStores: ExistingStores;
}

export async function tenancyRoutes(
  app: FastifyInstance,
  { existingStores }: TenancyRouteOptions,
): Promise<void> {
  const wrong = wrongPasswords(app.redis);
  app.addSchema(Tenant);
  app.addSchema(Staff);
  app.addSchema(Session);
  app.addSchema(Miniprogram);

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Staff login with email and password',
        description: `After ${MAX_WRONG} wrong passwords for an email within ${WINDOW_S / 60} minutes of the first, the login is refused with 429 and Retry-After until then.`,
        body: LoginBody,
        response: { 200: Type.Ref('Session'), ...errorResponses, 429: Type.Ref('ErrorBody') },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const who = loginOf(email);
      await wrong.refuseWhileLocked(who, reply);
      const account = await app.db.anonymous((tx) => findStaffForLogin(tx, email));
      // The same answer, and about the same time, whether the email or the password is wrong.
      const ok = await verifyPassword(password, account?.password_hash ?? 'scrypt$16384$8$1$AAAA$AAAA');
      if (!account || !ok || !account.active) return wrong.refuse(who, reply, LoginFailed());
      await wrong.cleared(who);
      return sessionOf(app, account);
    },
  );
  await app.register(passwordRoutes, { existingStores });

  const platform = { preHandler: app.requireRole('platform_admin') };
  const brandAdmin = { preHandler: app.requireRole('brand_admin') };
  const tags = ['tenancy'];

  app.get(
    '/tenants',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: 'Brands you can see',
        security: bearer,
        response: { 200: Type.Array(Type.Ref('Tenant')), ...errorResponses },
      },
    },
    async (request) => {
      const { principal } = request;
      if (principal.role === 'platform_admin') return app.db.platform(listTenants);
      return app.db.tenant(tenantOf(request), listTenants);
    },
  );

  app.post(
    '/tenants',
    {
      ...platform,
      schema: {
        tags,
        summary: 'Create a brand with its first brand admin (platform admin)',
        security: bearer,
        body: TenantCreate,
        response: { 201: Type.Ref('Tenant'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as TenantCreate;
      const tenant = await app.db.platform((tx) => createTenant(tx, body));
      await app.db.tenant(tenant.id, (tx) =>
        createStaff(tx, tenant.id, { ...body.admin, role: 'brand_admin' }, existingStores),
      );
      return reply.status(201).send(tenant);
    },
  );

  app.get(
    '/tenants/:id',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: 'One brand',
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('Tenant'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenant =
        request.principal.role === 'platform_admin'
          ? await app.db.platform((tx) => getTenant(tx, id))
          : await app.db.tenant(tenantOf(request), (tx) => getTenant(tx, id));
      if (!tenant) throw NotFound('Brand');
      return tenant;
    },
  );

  app.patch(
    '/tenants/:id',
    {
      preHandler: app.requireRole('brand_admin'),
      schema: {
        tags,
        summary: 'Rename a brand (its brand admin, or a platform admin)',
        security: bearer,
        params: IdParams,
        body: TenantUpdate,
        response: { 200: Type.Ref('Tenant'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as TenantUpdate;
      const tenant =
        request.principal.role === 'platform_admin'
          ? await app.db.platform((tx) => updateTenant(tx, id, body))
          : await app.db.tenant(tenantOf(request), (tx) => updateTenant(tx, id, body));
      if (!tenant) throw NotFound('Brand');
      return tenant;
    },
  );

  /** The brand `id` as its own brand admin, or any brand as a platform admin; another brand is not found. */
  const brandOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (request.principal.role !== 'platform_admin' && tenantOf(request) !== id) throw NotFound('Brand');
    return id;
  };
  const shown = (m: Omit<BrandMiniprogram, 'secret_sealed'>) => ({
    own: true,
    appid: m.appid,
    secret_set: true,
    reminder_template_id: m.reminder_template_id,
    order_status_template_id: m.order_status_template_id,
    updated_at: m.updated_at,
  });
  const onTheServers = {
    own: false,
    appid: null,
    secret_set: false,
    reminder_template_id: null,
    order_status_template_id: null,
    updated_at: null,
  };

  app.get(
    '/tenants/:id/miniprogram',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary:
          "The brand's own WeChat mini-program (its secret is never shown); own: false when its shoppers use the server's",
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('Miniprogram'), ...errorResponses },
      },
    },
    async (request) => {
      const id = brandOf(request);
      const mine = await app.db.tenant(id, (tx) => brandMiniprogram(tx, id));
      // Most brands have no app of their own: that is a state to show, not an error.
      return mine ? shown(mine) : onTheServers;
    },
  );

  app.put(
    '/tenants/:id/miniprogram',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary:
          "Set the brand's own WeChat mini-program: its shoppers sign in to it, and their phones and subscribe messages go through it",
        security: bearer,
        params: IdParams,
        body: MiniprogramSet,
        response: { 200: Type.Ref('Miniprogram'), ...errorResponses },
      },
    },
    async (request) => {
      const id = brandOf(request);
      const body = request.body as MiniprogramSet;
      const saved = await app.db.tenant(id, (tx) =>
        setBrandMiniprogram(tx, id, {
          appid: body.appid,
          secret_sealed: app.sealer.seal(body.secret),
          reminder_template_id: body.reminder_template_id ?? null,
          order_status_template_id: body.order_status_template_id ?? null,
        }),
      );
      return shown(saved);
    },
  );

  app.delete(
    '/tenants/:id/miniprogram',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: "Go back to the server's configured mini-program",
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = brandOf(request);
      if (!(await app.db.tenant(id, (tx) => removeBrandMiniprogram(tx, id)))) {
        throw NotFound("The brand's own mini-program");
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/staff',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: "The brand's staff accounts",
        security: bearer,
        response: { 200: Type.Array(Type.Ref('Staff')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), listStaff),
  );

  app.post(
    '/staff',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: 'Add a staff account to the brand',
        security: bearer,
        body: StaffCreate,
        response: { 201: Type.Ref('Staff'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const staff = await app.db.tenant(tenantId, (tx) =>
        createStaff(tx, tenantId, request.body as StaffCreate, existingStores),
      );
      return reply.status(201).send(staff);
    },
  );

  app.get(
    '/staff/:id',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: 'One staff account',
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('Staff'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const staff = await app.db.tenant(tenantOf(request), (tx) => getStaff(tx, id));
      if (!staff) throw NotFound('Staff account');
      return staff;
    },
  );

  app.patch(
    '/staff/:id',
    {
      ...brandAdmin,
      schema: {
        tags,
        summary: "Change a staff account (role, stores, active, password); not one's own role or active",
        security: bearer,
        params: IdParams,
        body: StaffUpdate,
        response: { 200: Type.Ref('Staff'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const patch = request.body as StaffUpdate;
      // A brand's last admin could otherwise lock the brand out of its own console.
      if (id === request.principal.id) {
        if (patch.active === false) throw OwnAccess('active');
        if (patch.role && patch.role !== request.principal.role) throw OwnAccess('role');
      }
      const staff = await app.db.tenant(tenantOf(request), (tx) =>
        updateStaff(tx, id, patch, existingStores),
      );
      if (!staff) throw NotFound('Staff account');
      // Their tokens carry what was: role, stores, or an account since shut.
      await app.staffChanged(id);
      return staff;
    },
  );
}
