/**
 * Migrations with node-pg-migrate. Each domain keeps its own in `<domain>/migrations/`
 * (a domain owns its tables); `db/migrations/` holds what all share (extensions, the app role,
 * the RLS helpers). Files are ordered by their timestamp prefix across folders.
 */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const MIGRATION_GLOBS = [`${PROJECT_ROOT}db/migrations/*.ts`, `${PROJECT_ROOT}*/migrations/*.ts`];

export async function migrate(
  databaseUrl: string,
  options: { direction?: 'up' | 'down'; count?: number; log?: (msg: string) => void } = {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATION_GLOBS,
    useGlob: true,
    ignorePattern: '.*\\.test\\.ts$',
    migrationsTable: 'pgmigrations',
    direction: options.direction ?? 'up',
    count: options.count ?? Number.POSITIVE_INFINITY,
    checkOrder: true,
    log: options.log ?? (() => {}),
  });
  return applied.map((m) => m.name);
}
