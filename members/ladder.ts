/**
 * The tier ladder, pure: which rung a member stands on is the database's one rule
 * (`member_tier_for`, highest rung reached by lifetime points or spend, or the assigned one);
 * here, what the mini-program shows next to it — the next rung and what is left to reach it.
 */
export interface Rung {
  code: string;
  name: string;
  rank: number;
  min_points: number;
  min_spend_cents: number | null;
}

export interface Standing {
  tier: string | null;
  lifetime_points: number;
  lifetime_spend_cents: number;
}

export interface NextRung {
  code: string;
  name: string;
  points_needed: number;
  /** Null when the rung is reached by points only. */
  spend_needed_cents: number | null;
}

/** The rung above the member's (the entry rung for a member with none); null at the top. */
export function nextRung(ladder: readonly Rung[], standing: Standing): NextRung | null {
  const byRank = [...ladder].sort((a, b) => a.rank - b.rank);
  const current = byRank.find((r) => r.code === standing.tier);
  const next = byRank.find((r) => r.rank > (current?.rank ?? 0));
  if (!next) return null;
  return {
    code: next.code,
    name: next.name,
    points_needed: Math.max(0, next.min_points - standing.lifetime_points),
    spend_needed_cents:
      next.min_spend_cents === null
        ? null
        : Math.max(0, next.min_spend_cents - standing.lifetime_spend_cents),
  };
}

/** Points a payment earns at this rung's rate: whole points per whole yuan, rounded down. */
export function pointsForSpend(spendCents: number, pointsPerYuan: number): number {
  return Math.floor((Math.max(0, spendCents) * pointsPerYuan) / 100 + 1e-9);
}
