/**
 * Which beacons each store's scans heard, and when last: gathered as scans pass and written to the
 * beacon registry in one batch now and then, so a console can tell a silent beacon (flat battery,
 * taken down) from a working one without a write per scan.
 */
export interface HeardBeacon {
  uuid: string;
  major: number;
  minor: number;
  at: Date;
}

export interface HeardLog {
  note(tenantId: string, anchors: Iterable<string>, ts: number): void;
  /** Everything noted since the last take, per tenant. */
  take(): Map<string, HeardBeacon[]>;
}

export function heardLog(): HeardLog {
  let latest = new Map<string, Map<string, number>>();
  return {
    note(tenantId, anchors, ts) {
      const byAnchor = latest.get(tenantId) ?? new Map<string, number>();
      latest.set(tenantId, byAnchor);
      for (const anchor of anchors) if (!(byAnchor.get(anchor)! >= ts)) byAnchor.set(anchor, ts);
    },
    take() {
      const taken = latest;
      latest = new Map();
      const out = new Map<string, HeardBeacon[]>();
      for (const [tenantId, byAnchor] of taken) {
        out.set(
          tenantId,
          [...byAnchor].map(([anchor, ts]) => {
            const [uuid, major, minor] = anchor.split(':');
            return { uuid: uuid!, major: Number(major), minor: Number(minor), at: new Date(ts) };
          }),
        );
      }
      return out;
    },
  };
}
