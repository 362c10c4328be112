/**
 * How bench:arrival and its replay count: per method and storefront, the shoppers recognised (and how long
 * after the door) and the passers-by taken; and the file of fixes a run can write for the replay.
 */
import type { Fix } from '../positioning/index.js';
import type { LocationReport } from '../sim/index.js';
import type { StoreFrame } from '../visits/index.js';
import { quantile } from './quantile.js';

export interface Tally {
  recognised: number;
  visitors: number;
  falsePassers: number;
  passers: number;
  delays: number[];
}

export const emptyTally = (): Tally => ({
  recognised: 0,
  visitors: 0,
  falsePassers: 0,
  passers: 0,
  delays: [],
});

/** Two runs' tallies as one (`a` absent: `b`'s). */
export function merged(a: Tally | undefined, b: Tally): Tally {
  if (!a) return { ...b, delays: [...b.delays] };
  return {
    recognised: a.recognised + b.recognised,
    visitors: a.visitors + b.visitors,
    falsePassers: a.falsePassers + b.falsePassers,
    passers: a.passers + b.passers,
    delays: [...a.delays, ...b.delays],
  };
}

/** One person's verdict: `doorTs` null for a passer-by, `at` the arrival's time (undefined: none). */
export function count(t: Tally, doorTs: number | null, at: number | undefined): void {
  if (doorTs === null) {
    t.passers += 1;
    if (at !== undefined) t.falsePassers += 1;
    return;
  }
  t.visitors += 1;
  if (at === undefined) return;
  t.recognised += 1;
  t.delays.push((at - doorTs) / 1000);
}

export interface Figures {
  recall: number;
  falseRate: number;
  medianS: number;
  p90S: number;
  /** Share of visitors recognised before they crossed the door. */
  early: number;
}

export function figures(t: Tally): Figures {
  const delays = [...t.delays].sort((a, b) => a - b);
  return {
    recall: t.recognised / t.visitors,
    falseRate: t.falsePassers / t.passers,
    medianS: quantile(delays, 0.5),
    p90S: quantile(delays, 0.9),
    early: delays.filter((d) => d < 0).length / t.visitors,
  };
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** A storefront's table: these columns after the method's name. */
export const COLUMNS = ['recall', 'passers-by taken', 'median s', 'p90 s', 'before the door'];
export const cells = (f: Figures): string[] => [
  percent(f.recall),
  percent(f.falseRate),
  f.medianS.toFixed(1),
  f.p90S.toFixed(1),
  percent(f.early),
];

/** The closing JSON line: the worst of each figure across storefronts. */
export function worstOf(all: readonly Figures[]): { recall: number; false_rate: number; median_s: number } {
  return {
    recall: Number(Math.min(...all.map((f) => f.recall)).toFixed(4)),
    false_rate: Number(Math.max(...all.map((f) => f.falseRate)).toFixed(4)),
    median_s: Number(Math.max(...all.map((f) => f.medianS)).toFixed(1)),
  };
}

/**
 * The file `--fixes` writes, one JSON object a line: a storefront (its name and frame), then each person seen
 * in front of it, with what reached the recogniser in order: fixes and outdoor location reports.
 */
export interface StoreLine {
  store: string;
  frame: StoreFrame;
}
export interface PersonLine {
  device: string;
  doorTs: number | null;
  events: (['fix', Fix] | ['outdoor', LocationReport])[];
}
export type FixesLine = StoreLine | PersonLine;
