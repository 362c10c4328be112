import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { LoginFailed } from './errors.js';
import { verifyPassword } from './passwords.js';
import { STAFF_ROLES } from './roles.js';
import {
  LoginBody,
  Session,
  Staff,
  StaffCreate,
  StaffUpdate,
  Tenant,
  TenantCreate,
  TenantUpdate,
} from './schemas.js';
import { createStaff, findStaffForLogin, getStaff, listStaff, updateStaff } from './staff.js';
import { createTenant, getTenant, listTenants, updateTenant } from './tenants.js';

export async function tenancyRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Tenant);
  app.addSchema(Staff);
  app.addSchema(Session);

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Staff login with email and password',
        body: LoginBody,
        response: { 200: Type.Ref('Session'), ...errorResponses },
      },
    },
    async (request) => {
      const { email, password } = request.body as { email: string; password: string };
      const account = await app.db.anonymous((tx) => findStaffForLogin(tx, email));
      // The same answer, and about the same time, whether the email or the password is wrong.
      const ok = await verifyPassword(password, account?.password_hash ?? 'scrypt$16384$8$1$AAAA$AAAA');
      if (!account || !ok || !account.active) throw LoginFailed();
      const principal = {
        kind: 'staff' as const,
        id: account.id,
        tenantId: account.tenant_id,
        role: account.role,
        storeIds: account.store_ids,
      };
      return {
        ...app.issueToken(principal),
        principal: {
          id: account.id,
          kind: 'staff',
          role: account.role,
          tenant_id: account.tenant_id,
          store_ids: account.store_ids,
        },
      };
    },
  );

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
        createStaff(tx, tenant.id, { ...body.admin, role: 'brand_admin' }),
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
        createStaff(tx, tenantId, request.body as StaffCreate),
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
        summary: 'Change a staff account (role, stores, active, password)',
        security: bearer,
        params: IdParams,
        body: StaffUpdate,
        response: { 200: Type.Ref('Staff'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const staff = await app.db.tenant(tenantOf(request), (tx) =>
        updateStaff(tx, id, request.body as StaffUpdate),
      );
      if (!staff) throw NotFound('Staff account');
      return staff;
    },
  );
}
