/**
 * Signing and retry timing, pure. A delivery carries
 *   X-SmartStore-Timestamp: <unix seconds of the attempt>
 *   X-SmartStore-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
 * so a receiver checks the body is ours and fresh (replays outside a window are refused).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEADERS = {
  signature: 'x-smartstore-signature',
  timestamp: 'x-smartstore-timestamp',
  eventId: 'x-smartstore-event-id',
  eventType: 'x-smartstore-event-type',
} as const;

export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (README has the same few lines): signature over timestamp and raw body, within `toleranceS`. */
export function verifySignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > toleranceS)
    return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Wait before attempt `attempt + 1`: exponential from `baseMs`, capped, with jitter in its upper
 * half so that receivers coming back from an outage are not hit by every retry at once.
 */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number, random = Math.random()): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
