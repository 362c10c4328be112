/**
 * WeChat's message-push signatures. A push (and the URL check before the first one) carries
 * `signature` = sha1 of token, timestamp and nonce sorted as strings and joined; in safe mode the
 * body is signed too, as `msg_signature` over the same three and the `Encrypt` field. Pure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** sha1 hex of the parts sorted (as WeChat sorts them: by code unit) and joined without separator. */
export function pushSignature(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** True when `signature` is the one WeChat makes of these parts; compared in constant time. */
export function signedBy(signature: string | undefined, parts: readonly string[]): boolean {
  if (!signature) return false;
  const expected = Buffer.from(pushSignature(parts));
  const given = Buffer.from(signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
