/**
 * A Scan is what one device heard in one scan window (about a second, one `wx.onBeaconUpdate` call):
 * the mean RSSI per anchor. Filters update once per Scan, not per Observation, which is what lets the
 * engine take 100k observations a second with a particle filter behind it.
 */
export interface Scan {
  /** Time of the newest observation in the scan. */
  ts: number;
  /** Anchor indices into the SiteModel, strongest first. */
  anchors: number[];
  /** Mean RSSI per anchor in dBm, corrected for the receiver's offset, same order as `anchors`. */
  rssi: number[];
}

/** Observations of the scan window still being collected; plain data so that it snapshots as JSON. */
export interface OpenScan {
  start: number;
  last: number;
  anchors: number[];
  sums: number[];
  counts: number[];
  /** Timestamp of each anchor's latest observation, to recognise duplicates. */
  lastTs: number[];
}

export function openScan(ts: number): OpenScan {
  return { start: ts, last: ts, anchors: [], sums: [], counts: [], lastTs: [] };
}

/** Adds one reading; false when the same anchor was already heard at the same instant (a duplicate). */
export function addReading(scan: OpenScan, anchor: number, rssi: number, ts: number): boolean {
  const slot = scan.anchors.indexOf(anchor);
  if (slot < 0) {
    scan.anchors.push(anchor);
    scan.sums.push(rssi);
    scan.counts.push(1);
    scan.lastTs.push(ts);
  } else {
    if (scan.lastTs[slot] === ts) return false;
    scan.sums[slot]! += rssi;
    scan.counts[slot]! += 1;
    scan.lastTs[slot] = ts;
  }
  scan.last = ts;
  return true;
}

/** Closes the window: mean per anchor, offset removed, strongest first (equals in anchor order). */
export function closeScan(open: OpenScan, receiverOffset: number): Scan {
  const order = open.anchors.map((_, i) => i);
  const mean = open.sums.map((s, i) => s / open.counts[i]! - receiverOffset);
  order.sort((a, b) => mean[b]! - mean[a]! || open.anchors[a]! - open.anchors[b]!);
  return { ts: open.last, anchors: order.map((i) => open.anchors[i]!), rssi: order.map((i) => mean[i]!) };
}
