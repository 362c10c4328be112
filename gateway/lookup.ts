/**
 * A cache of slow answers (a store's site, a shopper's consent) that keeps the order of what waits
 * on them: scans for one key that arrive while its answer loads are let through in arrival order
 * once it comes. Bounded in keys and in waiters, so a flood of new keys cannot grow memory.
 *
 * An answer past its time is still given while a fresh one loads (stale while revalidate): only a
 * key's first scans ever wait. Otherwise every shopper met in the same second would queue behind
 * the database again each `ttlMs`, all together — the latency tail the benchmark showed.
 */

interface Entry<V> {
  promise: Promise<V>;
  settled: boolean;
  value?: V;
  failed?: unknown;
  expires: number;
  waiting: number;
  refreshing: boolean;
}

export interface LookupOptions<V> {
  /** How long an answer holds; it may depend on the answer (an unknown store is asked about again sooner). */
  ttlMs: number | ((value: V) => number);
  maxKeys: number;
  maxWaitingPerKey: number;
}

export type Waited = 'now' | 'later' | 'full';

/** A refresh that failed is tried again after this long, the stale answer serving meanwhile. */
const RETRY_MS = 1000;

export class Lookup<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Callers waiting on an answer, across keys: a drain waits for this to reach zero. */
  waiting = 0;

  constructor(
    private readonly load: (key: string) => Promise<V>,
    private readonly options: LookupOptions<V>,
  ) {}

  /** Answers loaded together expire spread over the last fifth of the TTL, not in one burst. */
  private ttl(value: V): number {
    const { ttlMs } = this.options;
    return typeof ttlMs === 'number' ? ttlMs : ttlMs(value);
  }

  private expiry(now: number, value: V): number {
    return now + this.ttl(value) * (1 - 0.2 * Math.random());
  }

  private entry(key: string, now: number): Entry<V> {
    const found = this.entries.get(key);
    if (found && (!found.settled || found.expires > now)) return found;
    if (found && found.failed === undefined) {
      this.refresh(key, found);
      return found;
    }
    if (this.entries.size >= this.options.maxKeys) {
      // Oldest first (Map keeps insertion order); an entry still loading is kept for its waiters.
      for (const [k, e] of this.entries) {
        if (e.settled) this.entries.delete(k);
        if (this.entries.size < this.options.maxKeys / 2) break;
      }
    }
    const entry: Entry<V> = {
      promise: this.load(key),
      settled: false,
      expires: 0,
      waiting: 0,
      refreshing: false,
    };
    entry.promise.then(
      (value) => {
        entry.settled = true;
        entry.value = value;
        entry.expires = this.expiry(Date.now(), value);
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

  private refresh(key: string, entry: Entry<V>): void {
    if (entry.refreshing) return;
    entry.refreshing = true;
    this.load(key).then(
      (value) => this.set(key, value),
      () => {
        entry.refreshing = false;
        entry.expires = Date.now() + Math.min(RETRY_MS, this.ttl(entry.value as V));
      },
    );
  }

  get(key: string): Promise<V> {
    const entry = this.entry(key, Date.now());
    return entry.settled && entry.failed === undefined ? Promise.resolve(entry.value as V) : entry.promise;
  }

  /** Replaces a key's answer (a fresh one learnt some other way). */
  set(key: string, value: V): void {
    this.entries.set(key, {
      promise: Promise.resolve(value),
      settled: true,
      value,
      expires: this.expiry(Date.now(), value),
      waiting: 0,
      refreshing: false,
    });
  }

  /** The keys with an answer (fresh or stale), oldest first. */
  *known(): Generator<[string, V]> {
    for (const [key, entry] of this.entries)
      if (entry.settled && entry.failed === undefined) yield [key, entry.value as V];
  }
}
