/** positioning/ is bundled into the mini-program: its runtime modules must not reach for Node. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

it('uses no Node APIs outside the replay CLI and the tests', () => {
  const runtime = readdirSync(here).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'replay-cli.ts',
  );
  expect(runtime.length).toBeGreaterThan(10);
  for (const file of runtime) {
    const source = readFileSync(`${here}/${file}`, 'utf8');
    expect(source, file).not.toMatch(/from 'node:|require\(|\bprocess\.|\bBuffer\b|from '\.\.\//);
  }
});
