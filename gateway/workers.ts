/**
 * The pool of positioning workers. Stores are partitioned across them (partition.ts); each worker
 * keeps the per-device state of its stores. `threads: 0` runs the positioner in this thread, which
 * tests and the benchmark's baseline use.
 *
 * Workers are TypeScript: a small .mjs bootstrap registers tsx inside the thread and imports the
 * entry, which works alike under `tsx` (npm start), vitest and the benchmark (`--import tsx` in a
 * worker's execArgv does not, on Node 20).
 */
import { Worker } from 'node:worker_threads';
import type { LearntRadio, Site } from '../positioning/index.js';
import { workerFor } from './partition.js';
import {
  createPositioner,
  type PositionerOptions,
  type PositionerOutput,
  type WorkScan,
} from './positioner.js';

export type ToWorker =
  | { type: 'store'; key: string; site: Site; snapshots: Record<string, string>; learnt?: LearntRadio }
  | { type: 'site'; batch: number; key: string; site: Site }
  | { type: 'scans'; batch: number; scans: WorkScan[] }
  | { type: 'tick'; batch: number; now: number; snapshotNow: boolean };

/** A batch's output may come in parts (`last: false`), so that its first fixes need not wait for its last. */
type FromWorker =
  | { type: 'ready' }
  | { type: 'output'; batch: number; output: PositionerOutput; last: boolean };

export interface PositioningWorkers {
  readonly count: number;
  workerOf(key: string): number;
  addStore(key: string, site: Site, snapshots: Record<string, string>, learnt?: LearntRadio): void;
  /** A store's site changed: its worker positions with the new one from now on, keeping device state. */
  replaceSite(key: string, site: Site): void;
  /** Sends a batch of scans of this worker's stores; its output comes back through `onOutput`, then `answered` is called. */
  send(worker: number, scans: WorkScan[], answered?: () => void): void;
  /** Readings sent to a worker and not yet answered: the queue a bound is kept on. */
  inflight(worker: number): number;
  /** Ticks every worker; `then(worker)` once a worker has answered (after every batch sent to it before). */
  tick(now: number, snapshotNow?: boolean, then?: (worker: number) => void): void;
  /** Resolves once every batch sent has been answered. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions extends PositionerOptions {
  threads: number;
  onOutput(output: PositionerOutput): void;
  onError(error: Error): void;
}

const WORKER_URL = new URL('./positioning-worker.mjs', import.meta.url);

export async function startWorkers(options: WorkerPoolOptions): Promise<PositioningWorkers> {
  const { threads, onOutput } = options;
  const positionerOptions: PositionerOptions = {
    snapshotEveryMs: options.snapshotEveryMs,
    ...(options.engine ? { engine: options.engine } : {}),
  };
  const inflight: number[] = Array.from({ length: Math.max(1, threads) }, () => 0);
  const pending = new Map<number, { worker: number; readings: number; onAnswer?: () => void }>();
  let nextBatch = 0;
  let idle: (() => void)[] = [];

  function answered(batch: number): void {
    const sent = pending.get(batch);
    if (!sent) return;
    pending.delete(batch);
    inflight[sent.worker]! -= sent.readings;
    sent.onAnswer?.();
    if (pending.size === 0) {
      for (const resolve of idle) resolve();
      idle = [];
    }
  }

  const readingsOf = (scans: WorkScan[]) => scans.reduce((n, s) => n + s.readings.length, 0);

  const drained = () => (pending.size === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r)));

  if (threads === 0) {
    const positioner = createPositioner(positionerOptions);
    return {
      count: 1,
      workerOf: () => 0,
      addStore: (key, site, snapshots, learnt) => positioner.addStore(key, site, snapshots, learnt),
      replaceSite: (key, site) => onOutput(positioner.replaceSite(key, site)),
      send(_worker, scans, then) {
        const batch = nextBatch++;
        pending.set(batch, { worker: 0, readings: readingsOf(scans), ...(then ? { onAnswer: then } : {}) });
        inflight[0]! += pending.get(batch)!.readings;
        // Asynchronous like a thread, so callers cannot come to rely on an answer arriving in the same tick.
        setImmediate(() => {
          onOutput(positioner.position(scans));
          answered(batch);
        });
      },
      inflight: () => inflight[0]!,
      tick(now, snapshotNow = false, then) {
        const batch = nextBatch++;
        pending.set(batch, { worker: 0, readings: 0, ...(then ? { onAnswer: () => then(0) } : {}) });
        // After the batches sent before it, as in a thread.
        setImmediate(() => {
          onOutput(positioner.tick(now, snapshotNow));
          answered(batch);
        });
      },
      drained,
      close: async () => {},
    };
  }

  const workers = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const worker = new Worker(WORKER_URL, { workerData: positionerOptions });
          worker.once('error', reject);
          worker.once('message', (message: FromWorker) => {
            if (message.type !== 'ready') return reject(new Error('positioning worker did not start'));
            worker.off('error', reject);
            resolve(worker);
          });
        }),
    ),
  );
  for (const worker of workers) {
    worker.on('message', (message: FromWorker) => {
      if (message.type !== 'output') return;
      onOutput(message.output);
      if (message.last) answered(message.batch);
    });
    worker.on('error', options.onError);
  }

  return {
    count: threads,
    workerOf: (key) => workerFor(key, threads),
    addStore(key, site, snapshots, learnt) {
      workers[workerFor(key, threads)]!.postMessage({
        type: 'store',
        key,
        site,
        snapshots,
        ...(learnt ? { learnt } : {}),
      } satisfies ToWorker);
    },
    replaceSite(key, site) {
      const w = workerFor(key, threads);
      const batch = nextBatch++;
      pending.set(batch, { worker: w, readings: 0 });
      workers[w]!.postMessage({ type: 'site', batch, key, site } satisfies ToWorker);
    },
    send(worker, scans, then) {
      const batch = nextBatch++;
      const readings = readingsOf(scans);
      pending.set(batch, { worker, readings, ...(then ? { onAnswer: then } : {}) });
      inflight[worker]! += readings;
      workers[worker]!.postMessage({ type: 'scans', batch, scans } satisfies ToWorker);
    },
    inflight: (worker) => inflight[worker]!,
    tick(now, snapshotNow = false, then) {
      // Answered like a batch, so that drained() also waits for the snapshots a tick writes.
      for (let w = 0; w < workers.length; w++) {
        const batch = nextBatch++;
        pending.set(batch, { worker: w, readings: 0, ...(then ? { onAnswer: () => then(w) } : {}) });
        workers[w]!.postMessage({ type: 'tick', batch, now, snapshotNow } satisfies ToWorker);
      }
    },
    drained,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
