/**
 * Lift against the holdout: did shoppers who got the offer buy more often than comparable
 * shoppers kept out? The difference of two proportions with a 95% Newcombe (Wilson score) interval,
 * which stays sensible for small groups and rates near 0 or 1, unlike the plain Wald interval.
 */
const Z95 = 1.959963984540054;

export interface GroupOutcome {
  /** Shoppers in the group (triggered and pushed, or triggered and held out). */
  shoppers: number;
  /** Of those, shoppers with an attributed purchase. */
  converted: number;
}

export interface Lift {
  treated_rate: number;
  holdout_rate: number;
  /** treated_rate − holdout_rate, in absolute terms. */
  difference: number;
  /** 95% interval of the difference; it excludes 0 when the lift is significant. */
  ci95: [number, number];
  /** difference / holdout_rate; null when the holdout never converted. */
  relative: number | null;
  significant: boolean;
}

function wilson(converted: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = converted / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function liftAgainstHoldout(treated: GroupOutcome, holdout: GroupOutcome): Lift | null {
  if (treated.shoppers === 0 || holdout.shoppers === 0) return null;
  const p1 = treated.converted / treated.shoppers;
  const p2 = holdout.converted / holdout.shoppers;
  const [l1, u1] = wilson(treated.converted, treated.shoppers);
  const [l2, u2] = wilson(holdout.converted, holdout.shoppers);
  const d = p1 - p2;
  const low = d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
  const high = d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  return {
    treated_rate: p1,
    holdout_rate: p2,
    difference: d,
    ci95: [low, high],
    relative: p2 > 0 ? d / p2 : null,
    significant: low > 0 || high < 0,
  };
}
