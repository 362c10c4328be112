import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A calibration session either guides a clerk's walk or takes the readings of fixed scanners hearing
 * each other's beacons; its points may then stand at a beacon's height (z), not a hand-held phone's.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE calibration_sessions
      ADD COLUMN source text NOT NULL DEFAULT 'walk' CHECK (source IN ('walk', 'scanners'));
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE calibration_sessions DROP COLUMN source;');
}
