/**
 * Consent: the one place the product asks "may we?". Location tracking (scans may be uploaded and
 * positioned) and location marketing (offers may be triggered by where the shopper is) are
 * separate and revocable; marketing on location needs tracking too, so revoking tracking stops both.
 */
import type { Tx } from '../db/pool.js';

export const CONSENT_PURPOSES = ['location_tracking', 'location_marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  policy_version: string | null;
  source: string | null;
  recorded_at: Date | null;
}

export async function recordConsent(
  tx: Tx,
  record: {
    tenantId: string;
    shopperId: string;
    purpose: ConsentPurpose;
    granted: boolean;
    policyVersion: string;
    source: string;
  },
): Promise<ConsentState> {
  const { rows } = await tx.query<ConsentState>(
    `INSERT INTO consents (tenant_id, shopper_id, purpose, granted, policy_version, source)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING purpose, granted, policy_version, source, recorded_at`,
    [record.tenantId, record.shopperId, record.purpose, record.granted, record.policyVersion, record.source],
  );
  return rows[0]!;
}

/** Every purpose with its current answer; never asked counts as not granted. */
export async function currentConsents(tx: Tx, shopperId: string): Promise<ConsentState[]> {
  const { rows } = await tx.query<ConsentState>(
    'SELECT purpose, granted, policy_version, source, recorded_at FROM current_consents WHERE shopper_id = $1',
    [shopperId],
  );
  return CONSENT_PURPOSES.map(
    (purpose) =>
      rows.find((r) => r.purpose === purpose) ?? {
        purpose,
        granted: false,
        policy_version: null,
        source: null,
        recorded_at: null,
      },
  );
}

/**
 * The current answers, each with whether it applies now: a shopper who allowed location marketing
 * but not tracking (or revoked tracking) has it recorded as given, and not in effect.
 */
export function withEffect(states: ConsentState[]): (ConsentState & { in_effect: boolean })[] {
  return states.map((state) => ({ ...state, in_effect: effectiveConsent(states, state.purpose) }));
}

export function effectiveConsent(states: ConsentState[], purpose: ConsentPurpose): boolean {
  const granted = (p: ConsentPurpose) => states.find((s) => s.purpose === p)?.granted === true;
  return purpose === 'location_marketing'
    ? granted('location_marketing') && granted('location_tracking')
    : granted(purpose);
}

export async function hasConsent(tx: Tx, shopperId: string, purpose: ConsentPurpose): Promise<boolean> {
  return effectiveConsent(await currentConsents(tx, shopperId), purpose);
}

export async function consentHistory(tx: Tx, shopperId: string): Promise<ConsentState[]> {
  const { rows } = await tx.query<ConsentState>(
    `SELECT purpose, granted, policy_version, source, recorded_at FROM consents
     WHERE shopper_id = $1 ORDER BY recorded_at, id`,
    [shopperId],
  );
  return rows;
}

/** The purposes a shopper must allow for `purpose` to hold (marketing on location needs tracking too). */
export const purposesNeeded = (purpose: ConsentPurpose): ConsentPurpose[] =>
  purpose === 'location_marketing' ? ['location_marketing', 'location_tracking'] : [purpose];

/** SQL for the ids of shoppers who currently allow every purpose in the array parameter `param`. */
export const consentingShoppersSql = (param: string) =>
  `SELECT shopper_id FROM current_consents WHERE granted AND purpose = ANY(${param}::consent_purpose[])
   GROUP BY shopper_id HAVING count(*) = cardinality(${param}::consent_purpose[])`;

/** How many of the brand's shoppers currently allow this purpose (with the same rule as hasConsent). */
export async function countConsenting(tx: Tx, purpose: ConsentPurpose): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${consentingShoppersSql('$1')}) c`,
    [purposesNeeded(purpose)],
  );
  return rows[0]!.n;
}
