import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A fitted walk is also the store's radio survey (positioning's radio map): where each beacon hung when
 * it was fitted is kept with it, so that a beacon moved since is left out of the map (its readings there
 * describe a place it no longer hangs at), while the rest of the walk still counts.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    -- {"uuid:major:minor": [x, y, level]} of the store's beacons when the session was fitted.
    ALTER TABLE calibration_sessions ADD COLUMN beacons_at jsonb;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE calibration_sessions DROP COLUMN beacons_at;');
}
