/**
 * How good a ranking is, judged against what the shopper then bought: HitRate@k (a target among the
 * first k), NDCG@k (binary relevance, the ideal putting all targets first), MRR (1 / the rank of the
 * first target in the whole ranking) and coverage (the share of the assortment that ever reached the
 * first k: a ranker showing everyone the same five products covers little).
 */

export interface Judged {
  /** Every candidate, best first. */
  ranked: readonly string[];
  targets: ReadonlySet<string>;
}

export interface RankingMetrics {
  moments: number;
  hit: number;
  ndcg: number;
  mrr: number;
  coverage: number;
}

export function rankingMetrics(judged: readonly Judged[], assortment: number, k = 5): RankingMetrics {
  let hit = 0;
  let ndcg = 0;
  let mrr = 0;
  const shown = new Set<string>();
  for (const { ranked, targets } of judged) {
    const top = ranked.slice(0, k);
    for (const sku of top) shown.add(sku);
    let dcg = 0;
    top.forEach((sku, i) => {
      if (targets.has(sku)) dcg += 1 / Math.log2(i + 2);
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(k, targets.size); i++) ideal += 1 / Math.log2(i + 2);
    if (dcg > 0) hit++;
    ndcg += ideal > 0 ? dcg / ideal : 0;
    const first = ranked.findIndex((sku) => targets.has(sku));
    mrr += first < 0 ? 0 : 1 / (first + 1);
  }
  const n = Math.max(1, judged.length);
  return {
    moments: judged.length,
    hit: hit / n,
    ndcg: ndcg / n,
    mrr: mrr / n,
    coverage: assortment > 0 ? shown.size / assortment : 0,
  };
}
