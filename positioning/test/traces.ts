/** Test inputs built from simulated traces: the bad input every real feed eventually sends. */
import type { Site } from '../index.js';

export interface Trace {
  site: Site;
  lines: string[];
}

/**
 * Spoils a clean trace: malformed lines, unknown anchors, NaN and out-of-range RSSI, out-of-order and
 * duplicate observations, and a device that goes silent halfway.
 */
export function badInput(trace: Trace): Trace {
  const lines: string[] = [];
  const first = JSON.parse(trace.lines[0]!);
  const silentDevice = first.device;
  const silentFrom = first.ts + 10_000;
  trace.lines.forEach((line, i) => {
    const o = JSON.parse(line);
    if (o.device === silentDevice && o.ts >= silentFrom) return;
    lines.push(line);
    if (i % 97 === 0) lines.push('{"ts": 1, "device": ');
    if (i % 101 === 0)
      lines.push(JSON.stringify({ ...o, anchor: 'ffffffff-0000-0000-0000-000000000000:1:1' }));
    if (i % 103 === 0) lines.push(JSON.stringify({ ...o, rssi: 'NaN' }), JSON.stringify({ ...o, rssi: 0 }));
    if (i % 107 === 0) lines.push(JSON.stringify({ ...o, ts: o.ts - 5000 }));
    if (i % 109 === 0) lines.push(line);
  });
  return { site: trace.site, lines };
}
