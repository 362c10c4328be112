/**
 * Stock benchmark: many buyers, several server processes, one truth in Postgres.
 *
 * Starts `--servers` real app processes (default 2) on a fresh database cloned from the migrated
 * template, then drives `--buyers` concurrent keep-alive HTTP connections (autocannon; default 500, spread over
 * the servers):
 *   1. hot: every buyer competes for one SKU with 10 units (`--hot-attempts` requests);
 *   2. spread: buyers reserve random SKUs among `--skus` with `--units` each (`--spread-attempts`).
 * Afterwards it checks Postgres: every 201 matches a reservation, nothing is reserved beyond the
 * shelf, and the ledger agrees with the balances. Baseline in the same run: the read-then-write
 * reservation (what oversold in other engines) on a 10-unit SKU, straight against Postgres.
 * Usage: npm run bench:stock [-- --servers 2 --buyers 500 --hot-attempts 20000 --skus 200 --units 50 --spread-attempts 20000]
 * Last line: {"attempts", "succeeded", "oversold", "hot_reservations_per_s", …}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  applyStockOperation,
  createProduct,
  findDrift,
  reserveStock,
  StockInsufficient,
} from '../commerce/index.js';
import { createDb, type Db } from '../db/pool.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { listStores } from '../stores/index.js';
import { createTestDatabase } from '../test/support/db.js';
import { benchArgs } from './args.js';
import { markdownTable } from './table.js';

const args = benchArgs();
const option = (name: string, fallback: number) => Number(args.get(name) ?? fallback);

const MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** Child mode: one real server process on an ephemeral port, announcing it on stdout. */
async function serve(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const app = await buildApp(config, { redisPrefix: process.env.BENCH_REDIS_PREFIX ?? 'bench:' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`LISTENING ${typeof address === 'object' && address ? address.port : 0}`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--serve', '1'],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /LISTENING (\d+)/.exec(out)?.[1];
      if (port) resolve({ child, base: `http://127.0.0.1:${port}` });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

interface Run {
  attempts: number;
  succeeded: number;
  refused: number;
  failed: number;
  seconds: number;
  /** Successes per SKU, from the answers the buyers got. */
  perSku: Map<string, number>;
  p50: number;
  p99: number;
}

/**
 * `buyers` concurrent keep-alive connections (autocannon, spread over the servers) until `attempts`
 * requests are answered; each request carries its own Idempotency-Key, and each answer is counted
 * against the SKUs that request asked for.
 */
async function drive(
  bases: string[],
  token: string,
  buyers: number,
  attempts: number,
  body: () => { store_id: string; lines: { sku_id: string; qty: number }[] },
  path = '/api/v1/stock/reservations',
): Promise<Run> {
  const run: Run = {
    attempts: 0,
    succeeded: 0,
    refused: 0,
    failed: 0,
    seconds: 0,
    perSku: new Map(),
    p50: 0,
    p99: 0,
  };
  const result = await autocannon({
    url: bases,
    connections: buyers,
    amount: attempts,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest(request, context) {
          const payload = body();
          // A connection waits for each answer before its next request, so its context holds the
          // payload the next answer belongs to.
          context.payload = payload;
          return {
            ...request,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify(payload),
          };
        },
        onResponse(status, _body, context) {
          run.attempts++;
          if (status === 201) {
            run.succeeded++;
            const payload = context.payload as ReturnType<typeof body>;
            for (const line of payload.lines)
              run.perSku.set(line.sku_id, (run.perSku.get(line.sku_id) ?? 0) + line.qty);
          } else if (status === 409) run.refused++;
          else run.failed++;
        },
      },
    ],
  });
  run.failed += result.errors + result.timeouts;
  run.seconds = result.duration;
  run.p50 = result.latency.p50;
  run.p99 = result.latency.p99;
  return run;
}

/** The baseline: read the balance, decide in the application, write the new figure back. */
async function readThenWrite(db: Db, tenantId: string, store: string, sku: string, buyers: number) {
  let told = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: buyers }, () =>
      db.tenant(tenantId, async (tx) => {
        const { rows } = await tx.query<{ on_hand: number; reserved: number }>(
          'SELECT on_hand, reserved FROM stock WHERE store_id = $1 AND sku_id = $2',
          [store, sku],
        );
        const row = rows[0]!;
        if (row.on_hand - row.reserved < 1) return;
        // The application's own work between its read and its write (pricing, a coupon check…).
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx.query('UPDATE stock SET reserved = $3 WHERE store_id = $1 AND sku_id = $2', [
          store,
          sku,
          row.reserved + 1,
        ]);
        told++;
      }),
    ),
  );
  return { told, seconds: (performance.now() - started) / 1000 };
}

/** The same buyers through `reserveStock` straight against Postgres, no HTTP. */
async function conditionalDirect(db: Db, tenantId: string, store: string, sku: string, buyers: number) {
  let told = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: buyers }, () =>
      db
        .tenant(tenantId, (tx) =>
          reserveStock(tx, tenantId, {
            key: randomUUID(),
            store_id: store,
            lines: [{ sku_id: sku, qty: 1 }],
            expires_at: new Date(Date.now() + 600_000),
          }),
        )
        .then(
          () => told++,
          (error) => {
            if ((error as { code?: string }).code !== StockInsufficient.code) throw error;
          },
        ),
    ),
  );
  return { told, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const servers = option('servers', 2);
  const buyers = option('buyers', 500);
  const hotAttempts = option('hot-attempts', 20_000);
  const skuCount = option('skus', 200);
  const units = option('units', 50);
  const spreadAttempts = option('spread-attempts', 20_000);
  const HOT_UNITS = 10;

  const database = await createTestDatabase();
  const db = createDb(database.url, { max: 20 });
  const children: ChildProcess[] = [];
  try {
    const { tenantId } = await seedDemo(db);
    const store = (await db.tenant(tenantId, listStores))[0]!.id;
    const product = await db.tenant(tenantId, (tx) =>
      createProduct(tx, tenantId, {
        name: '压测商品',
        skus: Array.from({ length: skuCount + 3 }, (_, i) => ({ code: `BENCH-${i}`, price_cents: 100 })),
      }),
    );
    const [hot, naive, direct, ...spread] = product.skus.map((s) => s.id);
    const stocked = [
      [hot!, HOT_UNITS],
      [naive!, HOT_UNITS],
      [direct!, HOT_UNITS],
      ...spread.map((s) => [s, units] as const),
    ] as const;
    await db.tenant(tenantId, (tx) =>
      applyStockOperation(tx, tenantId, {
        key: 'bench-receipt',
        kind: 'receipt',
        lines: stocked.map(([sku, qty]) => ({
          store_id: store,
          sku_id: sku,
          on_hand_delta: qty,
          reserved_delta: 0,
        })),
      }),
    );

    // Open every pooled connection first, so the baselines measure contention, not connecting.
    await Promise.all(
      Array.from({ length: 20 }, () => db.anonymous((tx) => tx.query('SELECT pg_sleep(0.05)'))),
    );
    const naiveRun = await readThenWrite(db, tenantId, store, naive!, buyers);
    const directRun = await conditionalDirect(db, tenantId, store, direct!, buyers);

    const env = {
      DATABASE_URL: database.url,
      MQTT_URL,
      JWT_SECRET: randomBytes(32).toString('hex'),
      BENCH_REDIS_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    };
    const started = await Promise.all(Array.from({ length: servers }, () => startServer(env)));
    children.push(...started.map((s) => s.child));
    const bases = started.map((s) => s.base);
    const login = await fetch(`${bases[0]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@freshmart.demo', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };

    // What the same servers and driver manage when no handler runs at all (an unknown route).
    const floorRun = await drive(
      bases,
      token,
      buyers,
      5000,
      () => ({ store_id: store, lines: [] }),
      '/api/v1/no-such-route',
    );
    const hotRun = await drive(bases, token, buyers, hotAttempts, () => ({
      store_id: store,
      lines: [{ sku_id: hot!, qty: 1 }],
    }));
    const spreadRun = await drive(bases, token, buyers, spreadAttempts, () => ({
      store_id: store,
      lines: [{ sku_id: spread[Math.floor(Math.random() * spread.length)]!, qty: 1 }],
    }));

    // The truth, after the fact: what Postgres holds against what the buyers were told.
    const levels = await db.tenant(tenantId, async (tx) => {
      const { rows } = await tx.query<{ sku_id: string; on_hand: number; reserved: number }>(
        'SELECT sku_id, on_hand, reserved FROM stock WHERE store_id = $1',
        [store],
      );
      return new Map(rows.map((r) => [r.sku_id, r]));
    });
    // The baseline's SKU drifts by design (it wrote a balance without the ledger).
    const drift = (await db.tenant(tenantId, findDrift)).filter((d) => d.sku_id !== naive);
    let oversold = 0;
    let mismatched = 0;
    for (const [sku, shelf] of stocked) {
      if (sku === naive || sku === direct) continue;
      const told = (sku === hot ? hotRun : spreadRun).perSku.get(sku) ?? 0;
      const held = levels.get(sku)!.reserved;
      oversold += Math.max(0, told - shelf) + Math.max(0, held - shelf);
      if (told !== held) mismatched++;
    }
    const spreadCapacity = spread.length * units;

    const row = (
      scenario: string,
      run: { attempts: number; told: number; seconds: number; p50?: number; p99?: number },
      shelf: number,
    ) => [
      scenario,
      String(run.attempts),
      String(run.told),
      String(shelf),
      String(Math.max(0, run.told - shelf)),
      Math.round(run.attempts / run.seconds).toLocaleString('en-US'),
      run.p50?.toFixed(1) ?? '',
      run.p99?.toFixed(1) ?? '',
    ];
    console.log(
      `\nStock benchmark: ${servers} server processes, ${buyers} concurrent buyers over HTTP, one Postgres; ` +
        `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the end\n`,
    );
    console.log(
      markdownTable(
        ['scenario', 'attempts', 'succeeded', 'shelf', 'oversold', 'attempts/s', 'p50 ms', 'p99 ms'],
        [
          row('baseline: read-then-write, direct to Postgres', { attempts: buyers, ...naiveRun }, HOT_UNITS),
          row(
            'reserveStock (conditional update), direct to Postgres',
            { attempts: buyers, ...directRun },
            HOT_UNITS,
          ),
          row('baseline: HTTP floor (unknown route, 404)', { ...floorRun, told: 0 }, 0),
          row('hot SKU over HTTP', { ...hotRun, told: hotRun.succeeded }, HOT_UNITS),
          row(`${spread.length} SKUs over HTTP`, { ...spreadRun, told: spreadRun.succeeded }, spreadCapacity),
        ],
      ),
    );
    console.log(
      `\nAfter the run: ${mismatched} SKU(s) where the 201s differ from Postgres' reserved, ` +
        `${drift.length} drifted balance(s), ${hotRun.failed + spreadRun.failed} answer(s) other than 201/409.`,
    );
    const attempts = hotRun.attempts + spreadRun.attempts;
    console.log(
      JSON.stringify({
        attempts,
        succeeded: hotRun.succeeded + spreadRun.succeeded,
        oversold,
        hot_reservations_per_s: Math.round(hotRun.attempts / hotRun.seconds),
        http_floor_per_s: Math.round(floorRun.attempts / floorRun.seconds),
        spread_reservations_per_s: Math.round(spreadRun.attempts / spreadRun.seconds),
        spread_succeeded_per_s: Math.round(spreadRun.succeeded / spreadRun.seconds),
        servers,
        buyers,
        mismatched,
        drift: drift.length,
        errors: hotRun.failed + spreadRun.failed,
        baseline_read_then_write_oversold: Math.max(0, naiveRun.told - HOT_UNITS),
      }),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
    await db.close();
    await database.drop();
  }
}

if (process.argv[2] === '--serve') await serve();
else await main();
