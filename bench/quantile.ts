/** The q-quantile of ascending values (the value at ⌊q·n⌋, the last for q = 1); NaN when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
