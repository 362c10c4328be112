import { describe, expect, it } from 'vitest';
import { rankingMetrics } from './evaluation.js';

describe('rankingMetrics', () => {
  it('scores hits, discounted gains, reciprocal ranks and coverage', () => {
    const metrics = rankingMetrics(
      [
        // First place: all perfect.
        { ranked: ['a', 'b', 'c', 'd', 'e', 'f'], targets: new Set(['a']) },
        // Third of two targets, the other sixth (past k).
        { ranked: ['a', 'b', 'c', 'd', 'e', 'f'], targets: new Set(['c', 'f']) },
        // Nothing bought was ranked at all.
        { ranked: ['a', 'b', 'c', 'd', 'e', 'f'], targets: new Set(['z']) },
      ],
      10,
      5,
    );
    const ideal2 = 1 + 1 / Math.log2(3);
    expect(metrics.moments).toBe(3);
    expect(metrics.hit).toBeCloseTo(2 / 3);
    expect(metrics.ndcg).toBeCloseTo((1 + 1 / 2 / ideal2 + 0) / 3);
    expect(metrics.mrr).toBeCloseTo((1 + 1 / 3 + 0) / 3);
    expect(metrics.coverage).toBeCloseTo(5 / 10);
  });

  it('is all zero for no moments', () => {
    expect(rankingMetrics([], 0)).toEqual({ moments: 0, hit: 0, ndcg: 0, mrr: 0, coverage: 0 });
  });
});
