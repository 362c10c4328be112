/**
 * What a shopper shows at the store: a six-digit pickup code (typed or scanned by staff at the
 * counter) and, for scan-to-buy, an exit pass signed with the server's key, so the door check
 * needs no trust in the phone. Both travel as QR codes.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

export const newPickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** What a pickup QR carries: the order and its code, so a scan finds the order in one step. */
export const pickupPayload = (orderId: string, code: string) => `ss-pickup:${orderId}:${code}`;

const signature = (key: string, orderId: string) =>
  createHmac('sha256', key).update(`exit-pass:${orderId}`).digest('base64url').slice(0, 22);

export const exitPass = (key: string, orderId: string) => `ss-exit:${orderId}:${signature(key, orderId)}`;

/** The order an exit pass names, or undefined when it is not one we signed. */
export function verifyExitPass(key: string, pass: string): string | undefined {
  const match = /^ss-exit:([0-9a-f-]{36}):([A-Za-z0-9_-]{22})$/.exec(pass);
  if (!match) return undefined;
  const [, orderId, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(signature(key, orderId));
  return timingSafeEqual(expected, Buffer.from(given)) ? orderId : undefined;
}

export const qrDataUrl = (text: string) => QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1 });
