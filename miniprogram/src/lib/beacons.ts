/**
 * In-store scanning. Each wx.onBeaconUpdate batch goes to the page (the blue dot is worked out on
 * the phone) and, when the shopper consented to location tracking, to POST /scans, where the server
 * places them too and zone entries trigger the store's offers. One upload in flight at a time: a
 * slow network drops batches rather than queueing stale ones.
 */
import { api } from './api';
import { t } from './i18n';

export interface Scanning {
  stop(): void;
  /** Batches the server took. */
  uploaded(): number;
}

export interface ScanOptions {
  storeId: string;
  /** The store's beacon uuids (from its site): iOS hears only the uuids it is told to look for. */
  uuids: string[];
  /** Whether batches go to the server: the shopper's location_tracking consent. */
  upload: boolean;
  onBatch(beacons: WxBeacon[]): void;
  onError(error: unknown): void;
}

/** A batch as the server takes it: readings the phone could not measure (rssi 0) are left out. */
export function scanBatch(beacons: WxBeacon[]) {
  return beacons
    .filter((b) => b.rssi < 0 && b.rssi >= -127)
    .map((b) => ({ uuid: b.uuid, major: b.major, minor: b.minor, rssi: b.rssi }))
    .slice(0, 200);
}

export function startScanning(options: ScanOptions): Scanning {
  let inFlight = false;
  let uploaded = 0;
  const listener = ({ beacons }: { beacons: WxBeacon[] }) => {
    options.onBatch(beacons);
    const batch = scanBatch(beacons);
    if (!options.upload || inFlight || !batch.length) return;
    inFlight = true;
    api
      .sendScan(options.storeId, batch)
      .then(() => {
        uploaded += 1;
      })
      .catch(options.onError)
      .finally(() => {
        inFlight = false;
      });
  };
  wx.startBeaconDiscovery({
    uuids: options.uuids,
    success: () => wx.onBeaconUpdate(listener),
    fail: (error) => options.onError(new Error(t('bluetoothOff', { reason: error.errMsg }))),
  });
  return {
    stop() {
      wx.offBeaconUpdate(listener);
      wx.stopBeaconDiscovery({});
    },
    uploaded: () => uploaded,
  };
}
