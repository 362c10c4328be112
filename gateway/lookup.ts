/**
 * A cache of slow answers (a store's site, a shopper's consent) that keeps the order of what waits
 * on them: scans for one key that arrive while its answer loads are let through in arrival order
 * once it comes. Bounded in keys and in waiters, so a flood of new keys cannot grow memory.
 */

interface Entry<V> {
  promise: Promise<V>;
  settled: boolean;
  value?: V;
  failed?: unknown;
  expires: number;
  waiting: number;
}

export interface LookupOptions {
  ttlMs: number;
  maxKeys: number;
  maxWaitingPerKey: number;
}

export type Waited = 'now' | 'later' | 'full';

export class Lookup<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Callers waiting on an answer, across keys: a drain waits for this to reach zero. */
  waiting = 0;

  constructor(
    private readonly load: (key: string) => Promise<V>,
    private readonly options: LookupOptions,
  ) {}

  private entry(key: string, now: number): Entry<V> {
    const found = this.entries.get(key);
    if (found && (!found.settled || found.expires > now)) return found;
    if (this.entries.size >= this.options.maxKeys) {
      // Oldest first (Map keeps insertion order); an entry still loading is kept for its waiters.
      for (const [k, e] of this.entries) {
        if (e.settled) this.entries.delete(k);
        if (this.entries.size < this.options.maxKeys / 2) break;
      }
    }
    const entry: Entry<V> = { promise: this.load(key), settled: false, expires: 0, waiting: 0 };
    entry.promise.then(
      (value) => {
        entry.settled = true;
        entry.value = value;
        entry.expires = Date.now() + this.options.ttlMs;
      },
      (error: unknown) => {
        // A failure is not cached: the next caller asks again.
        entry.settled = true;
        entry.failed = error;
        entry.expires = 0;
      },
    );
    this.entries.set(key, entry);
    return entry;
  }

  /** Calls `use` with the answer: at once when known, in order once loaded, never when the key's queue is full. */
  with(key: string, use: (value: V) => void, fail: (error: unknown) => void): Waited {
    const entry = this.entry(key, Date.now());
    if (entry.settled && entry.failed === undefined) {
      use(entry.value as V);
      return 'now';
    }
    if (entry.waiting >= this.options.maxWaitingPerKey) return 'full';
    entry.waiting += 1;
    this.waiting += 1;
    const done = () => {
      entry.waiting -= 1;
      this.waiting -= 1;
    };
    entry.promise.then(
      (value) => {
        done();
        use(value);
      },
      (error: unknown) => {
        done();
        fail(error);
      },
    );
    return 'later';
  }

  get(key: string): Promise<V> {
    return this.entry(key, Date.now()).promise;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
