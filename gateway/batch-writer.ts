/**
 * A bounded buffer written out in batches, one batch at a time and in order. What does not fit is
 * refused (the caller counts it); a batch that fails to write is dropped, not retried for ever.
 */
export interface BatchWriter<T> {
  /** False when the buffer is full and the item was not kept. */
  add(item: T): boolean;
  flush(): Promise<number>;
  readonly backlog: number;
}

export function batchWriter<T>(write: (batch: T[]) => Promise<number>, maxBacklog: number): BatchWriter<T> {
  let buffer: T[] = [];
  let flushing: Promise<number> = Promise.resolve(0);
  return {
    add(item) {
      if (buffer.length >= maxBacklog) return false;
      buffer.push(item);
      return true;
    },
    flush() {
      flushing = flushing
        .catch(() => 0)
        .then(async () => {
          if (buffer.length === 0) return 0;
          const batch = buffer;
          buffer = [];
          return write(batch);
        });
      return flushing;
    },
    get backlog() {
      return buffer.length;
    },
  };
}

/** Items grouped by a key (rows per tenant: each tenant's rows go in under its own RLS transaction). */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
