/** The Staff section's calls to the server (tenancy/routes.ts): the brand's staff accounts. */
import type * as Server from '../../tenancy/schemas.js';
import { api } from './api';

/** The roles a brand admin gives, and those that work at particular stores (tenancy's STORE_BOUND_ROLES). */
export const BRAND_ROLES = ['brand_admin', 'store_manager', 'clerk', 'marketer'] as const;
export const STORE_BOUND: readonly string[] = ['store_manager', 'clerk'];
export type Role = (typeof BRAND_ROLES)[number];

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
