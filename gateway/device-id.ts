/**
 * A shopper's device id for positioning: pseudonymous (a keyed hash of brand and shopper, so a
 * fix or a log line does not name the shopper) and derived, never chosen by the phone, so that a
 * phone can publish scans only for itself.
 */
import { createHmac } from 'node:crypto';

export type DeviceIdOf = (tenantId: string, shopperId: string) => string;

/** Phones send a batch a second: remembering ids spares an HMAC per message. */
const REMEMBER = 100_000;

export function deviceIds(secret: string): DeviceIdOf {
  const key = createHmac('sha256', secret).update('smart-store device id').digest();
  const known = new Map<string, string>();
  return (tenantId, shopperId) => {
    const who = `${tenantId}:${shopperId}`;
    let id = known.get(who);
    if (id === undefined) {
      id = `p-${createHmac('sha256', key).update(who).digest('base64url').slice(0, 22)}`;
      if (known.size >= REMEMBER) known.clear();
      known.set(who, id);
    }
    return id;
  };
}
