/**
 * A brand's customer-service message-push settings: the token WeChat signs pushes with, the
 * EncodingAESKey for safe mode (sealed by the caller with the server's key, as the mini-program's
 * secret is), and the automatic answer while the shopper's store is closed.
 */
import type { Tx } from '../db/index.js';

export interface ServiceSettingsRow {
  push_token: string;
  aes_key_sealed: string | null;
  away_message: string | null;
  updated_at: Date;
}

const COLUMNS = 'push_token, aes_key_sealed, away_message, updated_at';

export async function serviceSettings(tx: Tx): Promise<ServiceSettingsRow | undefined> {
  const { rows } = await tx.query<ServiceSettingsRow>(`SELECT ${COLUMNS} FROM service_settings`);
  return rows[0];
}

/** `aes_key_sealed` undefined keeps the key set before. */
export async function setServiceSettings(
  tx: Tx,
  tenantId: string,
  settings: { push_token: string; aes_key_sealed: string | null | undefined; away_message: string | null },
): Promise<ServiceSettingsRow> {
  const { rows } = await tx.query<ServiceSettingsRow>(
    `INSERT INTO service_settings (tenant_id, push_token, aes_key_sealed, away_message)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET push_token = EXCLUDED.push_token,
       aes_key_sealed = CASE WHEN $5 THEN service_settings.aes_key_sealed ELSE EXCLUDED.aes_key_sealed END,
       away_message = EXCLUDED.away_message, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      tenantId,
      settings.push_token,
      settings.aes_key_sealed ?? null,
      settings.away_message,
      settings.aes_key_sealed === undefined,
    ],
  );
  return rows[0]!;
}
