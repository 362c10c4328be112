import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storeKey, workerFor } from './partition.js';

const keys = Array.from({ length: 2000 }, () => storeKey(randomUUID(), randomUUID()));

describe('workerFor', () => {
  it('spreads stores over the workers', () => {
    const counts = [0, 0, 0, 0];
    for (const key of keys) counts[workerFor(key, 4)]! += 1;
    for (const n of counts) expect(n).toBeGreaterThan(2000 / 4 / 1.5);
  });

  it('moves only the stores of an added worker', () => {
    const moved = keys.filter((k) => workerFor(k, 3) !== workerFor(k, 4));
    expect(moved.every((k) => workerFor(k, 4) === 3)).toBe(true);
  });

  it('gives one worker everything', () => {
    expect(keys.every((k) => workerFor(k, 1) === 0)).toBe(true);
  });
});
