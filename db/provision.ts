/**
 * Creates the database and its extensions when missing. Idempotent: safe on every start.
 * PostGIS itself (the Debian package) is installed by scripts/ensure.mjs before this runs.
 */
import pg from 'pg';

export class ProvisionError extends Error {}

function maintenanceUrl(databaseUrl: string): { adminUrl: string; database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    throw new ProvisionError(`DATABASE_URL names database "${database}": use letters, digits and _ only`);
  }
  url.pathname = '/postgres';
  return { adminUrl: url.toString(), database };
}

export async function ensureDatabase(
  databaseUrl: string,
  options: { template?: string } = {},
): Promise<boolean> {
  const { adminUrl, database } = maintenanceUrl(databaseUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return false;
    const template = options.template ? ` TEMPLATE ${options.template}` : '';
    await admin.query(`CREATE DATABASE ${database}${template}`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function ensureExtensions(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT name FROM pg_available_extensions WHERE name IN ('postgis', 'pg_trgm')`,
    );
    const available = new Set(rows.map((r) => r.name));
    for (const extension of ['postgis', 'pg_trgm']) {
      if (!available.has(extension)) {
        throw new ProvisionError(
          `The ${extension} extension is not installed on this PostgreSQL server. ` +
            'Run `npm start` (it installs postgresql-15-postgis-3) or: apt-get update && apt-get install -y postgresql-15-postgis-3',
        );
      }
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { adminUrl, database } = maintenanceUrl(databaseUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
