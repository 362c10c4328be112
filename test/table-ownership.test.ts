/**
 * A domain owns its tables: only the folder whose migrations create a table names it in SQL; the
 * others go through the owner's functions, or through a port the owner implements and server/app.ts
 * hands in (commerce's CouponWallet, push's CouponRedemptions). Static: reads the source, needs no
 * service. Tests and benchmarks set up states directly and are not checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const NOT_CHECKED = new Set(['node_modules', 'test', 'bench', 'console', 'miniprogram', 'docs', 'models']);

const SQL_NAMING =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?(?:public\.)?([a-z_][a-z0-9_]*)\b/g;

/** Every table a piece of source names after an SQL keyword. */
const tablesNamed = (source: string) => [...source.matchAll(SQL_NAMING)].map((m) => m[1]!);

const isMigration = (file: string) => file.split('/').includes('migrations');

function sourceFiles(): string[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !NOT_CHECKED.has(entry.name))
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir.name), { recursive: true, encoding: 'utf8' }).map(
        (file) => `${dir.name}/${file}`,
      ),
    )
    .filter(
      (file) =>
        /\.(ts|mjs)$/.test(file) &&
        !file.endsWith('.test.ts') &&
        !file.split('/').some((part) => part === 'node_modules' || part === 'test'),
    );
}

const files = sourceFiles();
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Table → the folder whose migrations create it. */
const owners = new Map(
  files
    .filter(isMigration)
    .flatMap((file) =>
      [...read(file).matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g)].map(
        (m) => [m[1]!, file.split('/')[0]!] as const,
      ),
    ),
);

/** `file table` for each table a file names in SQL that another folder owns. */
const crossingsIn = (file: string, source: string) => {
  const domain = file.split('/')[0];
  return [...new Set(tablesNamed(source))]
    .filter((table) => owners.has(table) && owners.get(table) !== domain)
    .map((table) => `${file} ${table}`);
};

const crossings = files.filter((file) => !isMigration(file)).flatMap((file) => crossingsIn(file, read(file)));

describe('who names a table in SQL', () => {
  it('knows each domain by the tables its migrations create', () => {
    expect(owners.get('coupons')).toBe('marketing');
    expect(owners.get('push_deliveries')).toBe('push');
    expect(owners.get('orders')).toBe('commerce');
  });

  it('is marketing alone for the coupons table', () => {
    expect(crossings.filter((c) => c.endsWith(' coupons'))).toEqual([]);
    // The join /me/offers once made is what this check catches.
    expect(
      crossingsIn(
        'push/deliveries.ts',
        'FROM push_deliveries d\n     LEFT JOIN coupons c ON c.id = d.coupon_id',
      ),
    ).toEqual(['push/deliveries.ts coupons']);
  });

  it('is the owner for every other table', () => {
    expect(crossings).toEqual([]);
  });
});
