/** The tests' yardstick for a replay: the median distance of its fixes from where the simulated phones were. */
import type { StoreRun } from '../../sim/index.js';
import type { Fix } from '../index.js';

export function medianError(run: StoreRun, fixes: readonly Fix[]): number {
  const errors = fixes.flatMap((f) => {
    const t = run.truth(f.device, f.ts);
    return t ? [Math.hypot(f.x - t.x, f.y - t.y)] : [];
  });
  errors.sort((a, b) => a - b);
  return errors[errors.length >> 1]!;
}
