/**
 * Replay as pure logic: JSONL observation lines in, JSONL fix lines out, with the counts the CLI reports.
 * The engine's clock is the observations' own timestamps, so a replay is deterministic and causal.
 */
import { createEngine, type EngineOptions } from './engine.js';
import { isObservation, type RejectionCounts } from './observation-check.js';
import type { Fix, Site } from './types.js';

/** How often (in observation time) quiet devices get their last scan closed, and are forgotten. */
const TICK_MS = 250;
const FORGET_EVERY_MS = 10_000;

export interface ReplayReport {
  lines: number;
  observations: number;
  fixes: number;
  rejected: RejectionCounts;
}

export interface Replay {
  /** One input line; returns the fix lines it completed. */
  line(text: string): string[];
  report(): ReplayReport;
}

export function createReplay(site: Site, options: Partial<EngineOptions> = {}): Replay {
  const engine = createEngine(site, options);
  let lines = 0;
  let observations = 0;
  let fixes = 0;
  let malformed = 0;
  let lastTick = Number.NEGATIVE_INFINITY;
  let lastForget = Number.NEGATIVE_INFINITY;

  const out = (found: Fix[], into: string[]) => {
    for (const fix of found) into.push(JSON.stringify(fix));
    fixes += found.length;
  };

  return {
    line(raw) {
      lines += 1;
      // The first line may carry a byte-order mark, as editors on Windows write one.
      const text = lines === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        malformed += 1;
        return [];
      }
      const written: string[] = [];
      out(engine.observe(value as never), written);
      if (!isObservation(value)) return written;
      observations += 1;
      if (value.ts - lastTick >= TICK_MS) {
        out(engine.tick(value.ts), written);
        lastTick = value.ts;
      }
      if (value.ts - lastForget >= FORGET_EVERY_MS) {
        engine.forgetQuiet(value.ts);
        lastForget = value.ts;
      }
      return written;
    },
    report: () => ({ lines, observations, fixes, rejected: { ...engine.rejections(), malformed } }),
  };
}
