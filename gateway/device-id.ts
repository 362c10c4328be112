/**
 * A shopper's device id for positioning: pseudonymous (a keyed hash of brand and shopper, so a
 * fix or a log line does not name the shopper) and derived, never chosen by the phone, so that a
 * phone can publish scans only for itself.
 */
import { createHmac } from 'node:crypto';

export type DeviceIdOf = (tenantId: string, shopperId: string) => string;

export function deviceIds(secret: string): DeviceIdOf {
  const key = createHmac('sha256', secret).update('smart-store device id').digest();
  return (tenantId, shopperId) =>
    `p-${createHmac('sha256', key).update(`${tenantId}:${shopperId}`).digest('base64url').slice(0, 22)}`;
}
