/**
 * Each test file gets a database of its own, cloned from a migrated template. The template is
 * named after a hash of the migration files, so it is rebuilt only when a migration changes, and
 * built once however many test workers ask for it at the same moment (advisory lock).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { glob } from 'glob';
import pg from 'pg';
import { MIGRATION_GLOBS, migrate } from '../../db/migrate.js';
import { ensureExtensions } from '../../db/provision.js';

export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const TEMPLATE_LOCK = 7_746_001;

async function migrationHash(): Promise<string> {
  const hash = createHash('sha256');

  const files = await glob(MIGRATION_GLOBS);
  for (const file of files.sort()) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = `ss_tpl_${await migrationHash()}`;
  const name = `ss_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        const stale = await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE 'ss_tpl_%'`,
        );
        for (const { datname } of stale.rows)
          await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${template}`);
        const templateUrl = `${TEST_SERVER_URL}/${template}`;
        await ensureExtensions(templateUrl);
        await migrate(templateUrl);
      }
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return {
    url: `${TEST_SERVER_URL}/${name}`,
    drop: () =>
      withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
