/**
 * Which positioning worker owns a store: rendezvous (highest random weight) hashing, so that adding
 * or removing a worker moves only the stores that worker gains or loses, and a device's filter
 * state stays on one worker.
 */

/** FNV-1a, 32 bit: fast, stable across processes and versions (unlike a seeded hash). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche so that keys differing in the last character spread over all workers.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

export function storeKey(tenantId: string, storeId: string): string {
  return `${tenantId}/${storeId}`;
}

export function workerFor(key: string, workers: number): number {
  let best = 0;
  let bestWeight = -1;
  for (let w = 0; w < workers; w++) {
    const weight = fnv1a(`${key}#${w}`);
    if (weight > bestWeight) {
      best = w;
      bestWeight = weight;
    }
  }
  return best;
}
