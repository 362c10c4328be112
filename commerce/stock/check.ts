/**
 * The drift check over every brand: recompute balances from the ledger, report, and repair when
 * asked. `npm run stock:check [-- --repair]` runs it against DATABASE_URL.
 */
import type { Db } from '../../db/pool.js';
import { listTenants } from '../../tenancy/index.js';
import { type Drift, findDrift, repairDrift } from './drift.js';

export interface DriftReport {
  tenant_id: string;
  tenant: string;
  drift: Drift[];
  repaired: number;
}

export async function checkStock(db: Db, options: { repair?: boolean } = {}): Promise<DriftReport[]> {
  const tenants = await db.platform((tx) => listTenants(tx));
  const reports: DriftReport[] = [];
  for (const tenant of tenants) {
    reports.push(
      await db.tenant(tenant.id, async (tx) => {
        const drift = await findDrift(tx);
        const repaired = options.repair ? await repairDrift(tx, tenant.id, drift) : 0;
        return { tenant_id: tenant.id, tenant: tenant.slug, drift, repaired };
      }),
    );
  }
  return reports;
}
