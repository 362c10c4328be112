/**
 * A store's radio map as its shoppers would teach it (positioning/radio-learner.ts), for tests: phones
 * walking a level's aisles up and down for `passes` rounds through the engine, hearing each beacon within
 * 15 m as the path-loss model says, 3 dB louder on the east half (a shadow the model does not know).
 */
import {
  createEngine,
  type LearntRadio,
  type Observation,
  pathLoss,
  type Site,
} from '../../positioning/index.js';

export function teachRadio(site: Site, level: number, passes: number): LearntRadio {
  const loss = pathLoss(site.pathLossExponent);
  const outline = site.levels.find((l) => l.level === level)!.outline;
  const xs = outline.map(([x]) => x);
  const ys = outline.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const height = (site.levelHeight ?? 4.5) * level + 1.2;
  const engine = createEngine(site);
  let ts = 1_764_000_000_000;
  for (let pass = 0; pass < passes; pass++) {
    const device = `phone-${pass % 3}`;
    for (let y = minY + 2; y < maxY - 1; y += 4) {
      for (let x = minX + 1; x < maxX - 1; x += 1.2) {
        ts += 1000;
        for (const a of site.anchors.filter((b) => b.level === level)) {
          const d2 = (a.x - x) ** 2 + (a.y - y) ** 2 + (a.z - height) ** 2;
          if (d2 > 225) continue;
          const shadow = x > (minX + maxX) / 2 ? 3 : 0;
          const o: Observation = {
            ts,
            device,
            anchor: a.id,
            rssi: loss.rssiAtSquared(a.txPower, d2) + shadow,
          };
          engine.observe(o);
        }
      }
    }
  }
  return engine.learntRadio();
}
