/** Campaign storage: marketers' definitions and their lifecycle, in a tenant transaction. */
import { knownSkuIds, listCategories } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { Validation } from '../server/errors.js';
import { listStores } from '../stores/index.js';
import { zonesOf } from '../venues/index.js';
import type { CampaignRules, CampaignStatus, Trigger } from './campaign.js';
import { CampaignEnded, StatusMoveRefused, ZonesDeleted } from './errors.js';
import { canMove, statusAt } from './lifecycle.js';
import type { Campaign, CampaignCreate, CampaignUpdate } from './schemas.js';

const COLUMNS = `id, tenant_id, name, status, store_ids, trigger, audience, schedule, caps, offer,
  budget_total, budget_used, holdout::float8 AS holdout, attribution, created_at, updated_at`;

/** Zones the trigger names that are on no map of the campaign's stores (any of the brand's when none). */
async function missingZones(tx: Tx, trigger: Trigger, storeIds: readonly string[]): Promise<string[]> {
  if (!('zones' in trigger)) return [];
  const known = new Set((await zonesOf(tx, storeIds)).map((z) => z.id));
  return trigger.zones.filter((z) => !known.has(z));
}

/** What a schema cannot check: `input` is what the request sets, `rules` the campaign with it applied. */
async function check(
  tx: Tx,
  input: CampaignUpdate,
  rules: Pick<Campaign, 'store_ids' | 'trigger' | 'schedule'>,
): Promise<void> {
  if (Date.parse(rules.schedule.ends_at) <= Date.parse(rules.schedule.starts_at)) {
    throw Validation('schedule.ends_at', 'must be after schedule.starts_at');
  }
  if (input.store_ids?.length) {
    const known = new Set((await listStores(tx)).map((s) => s.id));
    const unknown = input.store_ids.find((id) => !known.has(id));
    if (unknown) throw Validation('store_ids', `names no store of this brand: ${unknown}`);
  }
  if (input.attribution?.sku_ids.length) {
    const known = await knownSkuIds(tx, input.attribution.sku_ids);
    const unknown = input.attribution.sku_ids.find((id) => !known.has(id));
    if (unknown)
      throw Validation('attribution.sku_ids', `names no SKU of this brand's catalogue: ${unknown}`);
  }
  if (input.attribution?.category_ids.length) {
    const known = new Set((await listCategories(tx)).map((c) => c.id));
    const unknown = input.attribution.category_ids.find((id) => !known.has(id));
    if (unknown)
      throw Validation('attribution.category_ids', `names no category of this brand's catalogue: ${unknown}`);
  }
  if (input.trigger || input.store_ids) {
    const missing = await missingZones(tx, rules.trigger, rules.store_ids);
    const where = rules.store_ids.length ? "the campaign's stores" : 'any store of the brand';
    if (missing.length)
      throw Validation('trigger.zones', `must name zones of ${where} (not found: ${missing.join(', ')})`);
  }
}

export async function createCampaign(tx: Tx, tenantId: string, input: CampaignCreate): Promise<Campaign> {
  await check(tx, input, {
    store_ids: input.store_ids ?? [],
    trigger: input.trigger,
    schedule: input.schedule,
  });
  const { rows } = await tx.query<Campaign>(
    `INSERT INTO campaigns (tenant_id, name, store_ids, trigger, audience, schedule, caps, offer, budget_total, holdout, attribution)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [
      tenantId,
      input.name,
      input.store_ids ?? [],
      input.trigger,
      input.audience ?? { visitors: 'any' },
      input.schedule,
      input.caps ?? { per_shopper: 1, window_h: 24 },
      input.offer,
      input.budget_total ?? null,
      input.holdout ?? 0,
      input.attribution ?? { sku_ids: [], category_ids: [] },
    ],
  );
  return rows[0]!;
}

const budgetLeft = (c: Campaign) => (c.budget_total === null ? null : c.budget_total - c.budget_used);
/** A campaign's status with the clock and its budget applied. */
const statusNow = (c: Campaign, now: Date) => statusAt(c.status, c.schedule, budgetLeft(c), now);

/** Applies the clock and the budget to every running campaign (scheduled → active → ended). */
export async function refreshStatuses(tx: Tx, now = new Date()): Promise<number> {
  const { rows } = await tx.query<Campaign>(
    `SELECT ${COLUMNS} FROM campaigns WHERE status IN ('scheduled', 'active', 'paused') FOR UPDATE`,
  );
  let changed = 0;
  for (const c of rows) {
    const next = statusNow(c, now);
    if (next !== c.status) {
      await tx.query('UPDATE campaigns SET status = $2 WHERE id = $1', [c.id, next]);
      changed++;
    }
  }
  return changed;
}

export async function listCampaigns(tx: Tx): Promise<Campaign[]> {
  await refreshStatuses(tx);
  const { rows } = await tx.query<Campaign>(`SELECT ${COLUMNS} FROM campaigns ORDER BY created_at DESC`);
  return rows;
}

export async function getCampaign(tx: Tx, id: string): Promise<Campaign | undefined> {
  await refreshStatuses(tx);
  const { rows } = await tx.query<Campaign>(`SELECT ${COLUMNS} FROM campaigns WHERE id = $1`, [id]);
  return rows[0];
}

export async function updateCampaign(
  tx: Tx,
  id: string,
  patch: CampaignUpdate,
): Promise<Campaign | undefined> {
  const current = await getCampaign(tx, id);
  if (!current) return undefined;
  if (current.status === 'ended') throw CampaignEnded();
  const merged = { ...current, ...patch };
  await check(tx, patch, merged);
  if (patch.budget_total != null && patch.budget_total < current.budget_used) {
    throw Validation('budget_total', `is below what the campaign already gave (${current.budget_used})`);
  }
  const { rows } = await tx.query<Campaign>(
    `UPDATE campaigns SET name = $2, store_ids = $3, trigger = $4, audience = $5, schedule = $6, caps = $7,
       offer = $8, budget_total = $9, holdout = $10, attribution = $11 WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      merged.name,
      merged.store_ids,
      merged.trigger,
      merged.audience,
      merged.schedule,
      merged.caps,
      merged.offer,
      merged.budget_total,
      merged.holdout,
      merged.attribution,
    ],
  );
  return rows[0];
}

export async function changeStatus(
  tx: Tx,
  id: string,
  to: CampaignStatus,
  now = new Date(),
): Promise<Campaign | undefined> {
  const current = await getCampaign(tx, id);
  if (!current) return undefined;
  if (!canMove(current.status, to)) throw StatusMoveRefused(current.status, to);
  // A zone deleted from its map while the campaign was a draft or paused would never fire again.
  if (to === 'scheduled' || to === 'active') {
    const missing = await missingZones(tx, current.trigger, current.store_ids);
    if (missing.length) throw ZonesDeleted(missing);
  }
  // Scheduling a campaign whose start has come makes it active at once.
  const status = to === 'scheduled' ? statusAt('scheduled', current.schedule, null, now) : to;
  const { rows } = await tx.query<Campaign>(
    `UPDATE campaigns SET status = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status],
  );
  return rows[0];
}

/**
 * Campaigns that may still fire (scheduled, active or paused, the clock applied) in any of these
 * zones: what a map save must not delete from under them.
 */
export async function campaignsInZones(
  tx: Tx,
  zoneIds: readonly string[],
  now = new Date(),
): Promise<{ id: string; name: string; status: CampaignStatus; zones: string[] }[]> {
  if (!zoneIds.length) return [];
  const { rows } = await tx.query<Campaign>(
    `SELECT ${COLUMNS} FROM campaigns
     WHERE status IN ('scheduled', 'active', 'paused') AND trigger->'zones' ?| $1::text[] ORDER BY name`,
    [zoneIds],
  );
  return rows
    .map((c) => ({
      id: c.id,
      name: c.name,
      status: statusNow(c, now),
      zones: 'zones' in c.trigger ? c.trigger.zones : [],
    }))
    .filter((c) => c.status !== 'ended');
}

/**
 * Campaigns that may fire in a store now, as rules for the pure decision. Read-only (the hot path
 * takes no locks): the clock is applied in memory; `refreshStatuses` writes it down elsewhere.
 */
export async function liveRules(
  tx: Tx,
  storeId: string,
  timezone: string,
  now = new Date(),
): Promise<(CampaignRules & { offer: Campaign['offer']; name: string })[]> {
  const { rows } = await tx.query<Campaign>(
    `SELECT ${COLUMNS} FROM campaigns
     WHERE status IN ('scheduled', 'active') AND (store_ids = '{}' OR $1 = ANY(store_ids))`,
    [storeId],
  );
  return rows.flatMap((c) => {
    const budget_remaining = budgetLeft(c);
    const status = statusNow(c, now);
    if (status !== 'active') return [];
    const { id, name, store_ids, trigger, audience, schedule, caps, offer, holdout } = c;
    return [
      {
        id,
        name,
        status,
        store_ids,
        timezone,
        trigger,
        audience,
        schedule,
        caps,
        offer,
        budget_remaining,
        holdout,
      },
    ];
  });
}
