/**
 * A brand's own WeChat mini-program: each brand's shoppers sign in to the brand's app, and WeChat
 * gives openids, phone numbers and subscribe messages per app. The secret is kept sealed (the caller
 * seals and opens it with the server's key) and never leaves the server again.
 */
import { guardConstraints, type Tx } from '../db/index.js';
import { AppidTaken } from './errors.js';

export interface BrandMiniprogram {
  appid: string;
  secret_sealed: string;
  reminder_template_id: string | null;
  order_status_template_id: string | null;
  updated_at: Date;
}

const COLUMNS = 'appid, secret_sealed, reminder_template_id, order_status_template_id, updated_at';

export async function brandMiniprogram(tx: Tx, tenantId: string): Promise<BrandMiniprogram | undefined> {
  const { rows } = await tx.query<BrandMiniprogram>(
    `SELECT ${COLUMNS} FROM brand_miniprograms WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows[0];
}

export async function setBrandMiniprogram(
  tx: Tx,
  tenantId: string,
  app: Omit<BrandMiniprogram, 'updated_at'>,
): Promise<BrandMiniprogram> {
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<BrandMiniprogram>(
        `INSERT INTO brand_miniprograms (tenant_id, appid, secret_sealed, reminder_template_id, order_status_template_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET appid = EXCLUDED.appid, secret_sealed = EXCLUDED.secret_sealed,
           reminder_template_id = EXCLUDED.reminder_template_id,
           order_status_template_id = EXCLUDED.order_status_template_id, updated_at = now()
         RETURNING ${COLUMNS}`,
        [tenantId, app.appid, app.secret_sealed, app.reminder_template_id, app.order_status_template_id],
      ),
    (error) => (error.code === '23505' ? AppidTaken(app.appid) : undefined),
  );
  return rows[0]!;
}

export async function removeBrandMiniprogram(tx: Tx, tenantId: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM brand_miniprograms WHERE tenant_id = $1', [tenantId]);
  return rowCount === 1;
}
