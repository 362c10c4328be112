/** Who can be who. Pure: the role list and what each role may do across stores. */
export const STAFF_ROLES = ['platform_admin', 'brand_admin', 'store_manager', 'clerk', 'marketer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'shopper';

/** The authenticated caller, as carried in the JWT. */
export type Principal =
  | { kind: 'staff'; id: string; tenantId: string | null; role: StaffRole; storeIds: string[] }
  | { kind: 'shopper'; id: string; tenantId: string; role: 'shopper' };

/** Who works the shop floor and its back office: sets up beacons, keeps stock, serves at the counter. */
export const STORE_STAFF = ['brand_admin', 'store_manager', 'clerk'] as const satisfies readonly StaffRole[];

/** Who sends money back: the shop leaves refunds to its managers (a clerk fetches one). */
export const REFUNDERS = ['brand_admin', 'store_manager'] as const satisfies readonly StaffRole[];

/** Roles bound to particular stores (a store manager manages the stores listed on their account). */
export const STORE_BOUND_ROLES: readonly StaffRole[] = ['store_manager', 'clerk'];

/** True when the role is one of `roles`; a platform admin passes every staff guard. */
export function hasRole(role: Role, roles: readonly Role[]): boolean {
  return roles.includes(role) || (role === 'platform_admin' && roles.some((r) => r !== 'shopper'));
}

/** True when the principal may act on this store of their tenant. */
export function worksAt(principal: Principal, storeId: string): boolean {
  if (principal.kind !== 'staff') return false;
  if (!STORE_BOUND_ROLES.includes(principal.role)) return true;
  return principal.storeIds.includes(storeId);
}
