import type { MigrationBuilder } from 'node-pg-migrate';

/** Deliveries name their kind in the payload now: campaign offers sent before say so too. */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    UPDATE push_deliveries SET payload = payload || '{"kind": "campaign_offer"}'::jsonb
    WHERE payload ? 'campaign_id' AND NOT payload ? 'kind';
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`UPDATE push_deliveries SET payload = payload - 'kind' WHERE payload->>'kind' = 'campaign_offer';`);
}
