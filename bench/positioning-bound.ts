/**
 * How close any engine could come, as a store's map comes (no walk, no radio map), in the benchmark's stores:
 * the error of the best estimate from one spot's readings when everything is known but the shadowing.
 *
 *   npm run bench:positioning:bound [-- --seed 7 --seconds 300 --shoppers 12 --every 7 --scenario sparse-beacons]
 *
 * At the benchmark's shoppers' true positions (one scan in `--every`), an ideal phone hears every beacon of its
 * level with no fading, no dropout, no offset and no threshold, read for ever: each reading is exactly what
 * the radio centres on there. The radio is the store's, with the shoppers' bodies, shelves, walls and the
 * beacons' power spread taken out, so all that is unknown is the shadowing: the same field (same seed) the
 * benchmark's shoppers walk through. The estimate is the posterior mean over the level's walkable places
 * (0.25 m grid, uniform prior) with the path-loss model and the shadowing's own σ: for one spot the least
 * mean-square error any method can reach. A tracker can do somewhat better by joining the spots a walker
 * passes (the shadowing changes over a few metres), a standing shopper's fix cannot; the engine faces
 * everything the simulator adds besides. Prints one table and, last, one JSON line with each store's p90.
 */
import { insidePolygon } from '../positioning/index.js';
import {
  PHONE_HEIGHT_M,
  type RadioConditions,
  radioField,
  SCENARIOS,
  type ScenarioName,
  scenario,
  storeRun,
} from '../sim/index.js';
import { benchArgs } from './args.js';
import { quantile } from './quantile.js';
import { markdownTable } from './table.js';

const args = benchArgs();
const seed = Number(args.get('seed') ?? 7);
const seconds = Number(args.get('seconds') ?? 300);
const shoppers = Number(args.get('shoppers') ?? 12);
const every = Number(args.get('every') ?? 7);
const only = args.get('scenario') as ScenarioName | undefined;
const GRID_M = 0.25;

/** The store's radio with only the shadowing left unknown (and nothing lost to fading or hearing). */
const shadowingOnly = (radio: RadioConditions): RadioConditions => ({
  ...radio,
  bodyLossDb: 0,
  shelfLossDb: 0,
  wallLossDb: 0,
  txPowerSpreadDb: 0,
});

interface Bound {
  spots: number;
  errors: number[];
}

function boundOf(name: ScenarioName): Bound {
  const { venue, radio } = scenario(name);
  const ideal = shadowingOnly(radio);
  const field = radioField(venue, ideal, seed);
  const anchors = venue.site.anchors;
  const run = storeRun({ venue, radio, shoppers, seed });
  const errors: number[] = [];
  const places = new Map<number, [number, number][]>();
  const placesOn = (level: number) => {
    let found = places.get(level);
    if (found) return found;
    const obstacles = [...venue.shelves, ...venue.walls].filter((o) => o.level === level);
    found = [];
    for (let x = GRID_M / 2; x < venue.width; x += GRID_M)
      for (let y = GRID_M / 2; y < venue.depth; y += GRID_M)
        if (!obstacles.some((o) => insidePolygon(x, y, o.polygon))) found.push([x, y]);
    places.set(level, found);
    return found;
  };
  const twoSigmaSquared = 2 * ideal.shadowingDb ** 2;
  let n = 0;
  for (const scan of run.scans()) {
    if (scan.ts - run.startTs > seconds * 1000) break;
    if (n++ % every !== 0) continue;
    const truth = run.truth(scan.device, scan.ts);
    if (!truth) continue;
    const z = truth.level * venue.levelHeight + PHONE_HEIGHT_M;
    const heard = anchors.flatMap((a, i) =>
      a.level === truth.level
        ? [{ a, rssi: field.expected(i, { x: truth.x, y: truth.y, z, heading: 0 }) }]
        : [],
    );
    const here = placesOn(truth.level);
    const costs = here.map(([x, y]) => {
      let cost = 0;
      for (const { a, rssi } of heard) {
        const d = Math.max(0.5, Math.hypot(a.x - x, a.y - y, a.z - z));
        cost += (rssi - (a.txPower - 10 * ideal.exponent * Math.log10(d))) ** 2;
      }
      return cost;
    });
    const least = Math.min(...costs);
    let weight = 0;
    let sx = 0;
    let sy = 0;
    costs.forEach((cost, k) => {
      const w = Math.exp(-(cost - least) / twoSigmaSquared);
      weight += w;
      sx += w * here[k]![0];
      sy += w * here[k]![1];
    });
    errors.push(Math.hypot(sx / weight - truth.x, sy / weight - truth.y));
  }
  return { spots: errors.length, errors: errors.sort((a, b) => a - b) };
}

const rows: string[][] = [];
const p90s: Record<string, number> = {};
for (const name of only ? [only] : SCENARIOS) {
  const { spots, errors } = boundOf(name);
  const { radio } = scenario(name);
  const over3 = errors.filter((e) => e >= 3).length / spots;
  p90s[name] = Number(quantile(errors, 0.9).toFixed(2));
  rows.push([
    name,
    `${radio.shadowingDb} dB over ${radio.shadowingCorrelationM} m`,
    String(spots),
    quantile(errors, 0.5).toFixed(2),
    quantile(errors, 0.9).toFixed(2),
    quantile(errors, 0.95).toFixed(2),
    `${(100 * over3).toFixed(1)}%`,
  ]);
}
console.log(
  `Per-spot bound (seed ${seed}, ${shoppers} shoppers, ${seconds} s, one scan in ${every}): an ideal phone read for ever, only the shadowing unknown\n`,
);
console.log(
  markdownTable(['store', 'shadowing', 'spots', 'median m', 'p90 m', 'p95 m', '3 m or more'], rows),
);
console.log(JSON.stringify({ bound_p90_m: p90s }));
