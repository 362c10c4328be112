/**
 * `npm start` as a user runs it (after scripts/ensure.mjs): a fresh database is created, migrated
 * and seeded, the server answers, SIGTERM shuts it down cleanly, and a second start adds nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../db/provision.js';
import { TEST_MQTT_URL } from './support/app.js';
import { TEST_SERVER_URL } from './support/db.js';

const databaseUrl = `${TEST_SERVER_URL}/ss_start_${randomBytes(5).toString('hex')}`;
afterAll(() => dropDatabase(databaseUrl));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function start(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      MQTT_URL: TEST_MQTT_URL,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      // Two days of the demo's history, not four weeks: a second start must add none of it either.
      DEMO_HISTORY_DAYS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Smart Store is running')) {
    if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => output };
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('npm start', () => {
  it('provisions, seeds, serves, stops cleanly, and starts again without seeding twice', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toMatch(/created database/);
    expect(first.output()).toMatch(/demo seed: created .*store SH001/);
    expect(first.output()).toContain(`http://localhost:${port}/docs`);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const nearby = await (
      await fetch(`http://127.0.0.1:${port}/api/v1/stores/nearby?lat=31.2304&lng=121.4737&radius=5000`)
    ).json();
    expect(nearby).toHaveLength(3);
    const docs = await fetch(`http://127.0.0.1:${port}/docs/`);
    expect(docs.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await start(port);
    expect(second.output()).toContain('migrations: up to date');
    expect(second.output()).toContain('demo seed: already in place');
    const again = await (
      await fetch(`http://127.0.0.1:${port}/api/v1/stores/nearby?lat=31.2304&lng=121.4737&radius=5000`)
    ).json();
    expect(again).toHaveLength(3);
    expect(await stop(second.child)).toBe(0);
  }, 120_000);
});
