/**
 * A seeded random source whose whole state is one 32-bit integer, so a device's particle filter can be
 * snapshotted, restored on another worker and replayed to the same fixes (golden tests rely on it).
 * Mulberry32: tiny, fast, and good enough for resampling and motion noise.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Approximately standard normal (Irwin-Hall of four uniforms: cheap, tails cut at ±3.5). */
  gaussian(): number;
  /** The state to store; `createRandom(state)` continues the same sequence. */
  state(): number;
}

const SQRT3 = Math.sqrt(3);

export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // Motion noise wants speed more than perfect tails: four uniforms cost less than a log, sqrt and cos.
    gaussian: () => (next() + next() + next() + next() - 2) * SQRT3,
    state: () => s,
  };
}

/** FNV-1a: a stable seed from a device id, so each device has its own reproducible sequence. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
