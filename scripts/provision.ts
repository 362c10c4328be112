/**
 * Provisioning, safe to run any number of times: create the database and its extensions,
 * migrate, seed the demo chain. `npm run provision` runs it alone; `npm start` runs it first.
 */
import { migrate } from '../db/migrate.js';
import { createDb } from '../db/pool.js';
import { ensureDatabase, ensureExtensions } from '../db/provision.js';
import { seedDemo } from '../db/seed.js';
import type { Config } from '../server/config.js';

export async function provision(config: Config, say: (line: string) => void = console.log): Promise<void> {
  if (await ensureDatabase(config.DATABASE_URL))
    say(`created database ${new URL(config.DATABASE_URL).pathname.slice(1)}`);
  await ensureExtensions(config.DATABASE_URL);
  const applied = await migrate(config.DATABASE_URL);
  say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'migrations: up to date');
  const db = createDb(config.DATABASE_URL, { max: 2 });
  try {
    const { created } = await seedDemo(db, {
      historyDays: config.DEMO_HISTORY_DAYS,
      deskOrders: true,
      serviceConversations: true,
    });
    say(created.length ? `demo seed: created ${created.join(', ')}` : 'demo seed: already in place');
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadConfig } = await import('../server/config.js');
  await provision(loadConfig(process.env), (line) => console.log(`[provision] ${line}`));
}
