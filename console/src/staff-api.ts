/** The Staff section's calls to the server (tenancy/routes.ts): the brand's staff accounts. */
import { STAFF_ROLES, STORE_BOUND_ROLES } from '../../tenancy/roles.js';
import type * as Server from '../../tenancy/schemas.js';
import { api } from './api';

/** The roles a brand admin gives (all but the platform's own, as the server's BrandRoleSchema). */
export type Role = Exclude<(typeof STAFF_ROLES)[number], 'platform_admin'>;
export const BRAND_ROLES = STAFF_ROLES.filter((r): r is Role => r !== 'platform_admin');
/** Those that work at particular stores: tenancy's own list. */
export const STORE_BOUND: readonly string[] = STORE_BOUND_ROLES;

// The server's schemas, their role named: a union TypeBox builds from a list reads as `never` to tsc.
export type Staff = Omit<Server.Staff, 'role'> & { role: Role };
export type StaffCreate = Omit<Server.StaffCreate, 'role'> & { role: Role };
export type StaffUpdate = Omit<Server.StaffUpdate, 'role'> & { role?: Role };

export const listStaff = () => api.get<Staff[]>('/staff');
export const addStaff = (body: StaffCreate) => api.send<Staff>('POST', '/staff', body);
export const changeStaff = (id: string, patch: StaffUpdate) =>
  api.send<Staff>('PATCH', `/staff/${id}`, patch);

/** A first password to hand over, twelve letters and digits without the look-alikes (0/O, 1/l/I). */
export function newPassword(): string {
  const letters = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.getRandomValues(new Uint32Array(12)), (n) => letters[n % letters.length]).join('');
}
