/**
 * In-store scanning: wx.onBeaconUpdate batches go to POST /scans, where positioning places the
 * shopper and zone entries trigger the store's offers. Needs the location_tracking consent (the
 * server refuses scans without it). One batch in flight at a time: a slow network drops batches
 * rather than queueing stale ones.
 */
import { api } from './api';
import { config } from './config';

export interface Scanning {
  stop(): void;
  /** Batches the server took, for the page to show that scanning works. */
  sent(): number;
}

/** A batch as the server takes it: readings the phone could not measure (rssi 0) are left out. */
export function scanBatch(beacons: WxBeacon[]) {
  return beacons
    .filter((b) => b.rssi < 0 && b.rssi >= -127)
    .map((b) => ({ uuid: b.uuid, major: b.major, minor: b.minor, rssi: b.rssi }));
}

export function startScanning(storeId: string, onError: (error: unknown) => void): Scanning {
  let inFlight = false;
  let sent = 0;
  const listener = ({ beacons }: { beacons: WxBeacon[] }) => {
    const batch = scanBatch(beacons);
    if (inFlight || !batch.length) return;
    inFlight = true;
    api
      .sendScan(storeId, batch.slice(0, 200))
      .then(() => {
        sent += 1;
      })
      .catch(onError)
      .finally(() => {
        inFlight = false;
      });
  };
  wx.startBeaconDiscovery({
    uuids: config.beaconUuids,
    success: () => wx.onBeaconUpdate(listener),
    fail: (error) => onError(new Error(`Bluetooth is off or not allowed (${error.errMsg})`)),
  });
  return {
    stop() {
      wx.offBeaconUpdate(listener);
      wx.stopBeaconDiscovery({});
    },
    sent: () => sent,
  };
}
