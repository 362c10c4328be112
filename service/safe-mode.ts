/**
 * WeChat's safe mode for message push: the body's `Encrypt` is AES-256-CBC under the brand's
 * EncodingAESKey (43 base64 characters, an `=` short of 32 bytes; the IV is the key's first 16),
 * padded PKCS#7 to 32-byte blocks, holding 16 random bytes, the message's length (4 bytes, big
 * endian), the message, and the appid it was sent to. Pure.
 */
import { createDecipheriv } from 'node:crypto';

export class EncryptUnreadable extends Error {}

export function aesKeyBytes(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new EncryptUnreadable('EncodingAESKey must be 43 characters');
  return key;
}

/** The message and the appid inside an `Encrypt` field; throws EncryptUnreadable when it is not one. */
export function openPush(encrypted: string, encodingAesKey: string): { message: string; appid: string } {
  const key = aesKeyBytes(encodingAesKey);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  } catch {
    throw new EncryptUnreadable('Encrypt is not AES-256-CBC under this key');
  }
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > 32 || plain.length - pad < 20) throw new EncryptUnreadable('Encrypt has bad padding');
  const content = plain.subarray(0, plain.length - pad);
  const length = content.readUInt32BE(16);
  if (20 + length > content.length) throw new EncryptUnreadable('Encrypt has a bad length');
  return {
    message: content.subarray(20, 20 + length).toString('utf8'),
    appid: content.subarray(20 + length).toString('utf8'),
  };
}
