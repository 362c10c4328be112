/**
 * Tenancy: brands (tenants), their staff accounts and roles. Isolation itself lives in Postgres
 * (row-level security on `app.tenant_id`, see db/migrations); this domain owns who is who.
 */
export { type BrandWechat, brandWechat } from './brand-wechat.js';
export { hashPassword, verifyPassword } from './passwords.js';
export {
  hasRole,
  type Principal,
  REFUNDERS,
  type Role,
  STAFF_ROLES,
  STORE_BOUND_ROLES,
  STORE_STAFF,
  type StaffRole,
  worksAt,
} from './roles.js';
export { tenancyRoutes } from './routes.js';
export type { Staff, Tenant } from './schemas.js';
export { createStaff, type ExistingStores, getStaff, listStaff, staffNames, updateStaff } from './staff.js';
export { createTenant, getTenant, listTenants, tenantBySlug, updateTenant } from './tenants.js';
