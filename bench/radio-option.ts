/**
 * The benchmarks' `--radio JSON` option: every store's radio with these fields changed (sim's
 * RadioConditions), to see the engine under a radio it was not tuned on.
 */
import { DEFAULT_RADIO, type RadioConditions } from '../sim/index.js';

export function radioChanges(text: string | undefined): Partial<RadioConditions> {
  if (text === undefined) return {};
  const changes = JSON.parse(text) as Record<string, unknown>;
  for (const key of Object.keys(changes)) {
    if (!(key in DEFAULT_RADIO)) {
      console.error(`--radio: no such field "${key}" (${Object.keys(DEFAULT_RADIO).join(', ')})`);
      process.exit(2);
    }
  }
  return changes as Partial<RadioConditions>;
}

/** How a run's notes say the radio was changed; empty when it was not. */
export const radioNote = (changes: Partial<RadioConditions>) =>
  Object.keys(changes).length > 0 ? `, radio changed: ${JSON.stringify(changes)}` : '';
