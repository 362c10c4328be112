/** The gateway's coded errors, for the HTTP side (MQTT refusals are dead letters with a reason). */
import { defineError } from '../server/errors.js';

export const DeviceForged = defineError(
  'SS_ERR_DEVICE_FORGED',
  403,
  () => 'device is not the device id of this shopper; leave it out or send your own',
  () => 'device',
);
export const ConsentRequired = defineError(
  'SS_ERR_CONSENT_REQUIRED',
  403,
  () => 'Location tracking needs the shopper’s consent (PUT /api/v1/me/consents/location_tracking)',
);
export const ScanRefused = defineError(
  'SS_ERR_SCAN_INVALID',
  400,
  (_field: string, why: string) => why,
  (field: string) => field,
);
export const GatewayUnavailable = defineError('SS_ERR_GATEWAY_UNAVAILABLE', 503, (why: string) => why);
