/**
 * `npm run stock:check [-- --repair]`: prints every drifted balance (stock row vs ledger vs held
 * reservations) and exits 1 when drift remains, so a cron job can alert on it.
 */
import { markdownTable } from '../../bench/table.js';
import { createDb } from '../../db/pool.js';
import { loadConfig } from '../../server/config.js';
import { checkStock } from './check.js';

const repair = process.argv.includes('--repair');
const db = createDb(loadConfig(process.env).DATABASE_URL, { max: 2 });
try {
  const reports = await checkStock(db, { repair });
  const rows = reports.flatMap((r) =>
    r.drift.map((d) => [
      r.tenant,
      d.store_id,
      d.sku_id,
      `${d.on_hand ?? '-'} / ${d.ledger_on_hand}`,
      `${d.reserved ?? '-'} / ${d.ledger_reserved}`,
      String(d.held),
    ]),
  );
  if (rows.length === 0) console.log(`No drift in ${reports.length} brand(s).`);
  else {
    console.log(
      markdownTable(['brand', 'store', 'sku', 'on_hand row / ledger', 'reserved row / ledger', 'held'], rows),
    );
  }
  const repaired = reports.reduce((n, r) => n + r.repaired, 0);
  if (repair) console.log(`Repaired ${repaired} balance(s) from the ledger.`);
  const remaining = reports.reduce(
    (n, r) => n + r.drift.filter((d) => d.ledger_reserved !== d.held).length,
    0,
  );
  // After a repair only reservation mismatches can remain (they need a person: release or commit).
  process.exitCode = rows.length > 0 && (!repair || remaining > 0) ? 1 : 0;
} finally {
  await db.close();
}
