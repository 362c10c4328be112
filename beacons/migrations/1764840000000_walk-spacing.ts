import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * A walk's marked points may be closer than the usual 4 m: a store whose radio changes over a few metres
 * (metal shelving, fridges) gets a sharper radio map from a denser walk (docs/benchmarks-history.md).
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE calibration_sessions
      ADD COLUMN spacing_m float8 NOT NULL DEFAULT 4 CHECK (spacing_m BETWEEN 2 AND 8);
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql('ALTER TABLE calibration_sessions DROP COLUMN spacing_m;');
}
