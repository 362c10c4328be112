/**
 * The server's own secrets: set in the environment, or for the demo generated once and kept in
 * DATA_DIR. The JWT secret signs tokens; the sealing key seals secrets the database keeps (a brand's
 * mini-program secret), so that a copy of the database does not give them away.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';

function kept(config: Config, value: string | undefined, file: string): string {
  if (value) return value;
  const path = join(config.DATA_DIR, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export const jwtSecret = (config: Config): string => kept(config, config.JWT_SECRET, 'jwt-secret');

/**
 * The password of the server's own clients on the embedded broker (username `smartstore`): derived
 * from the JWT secret, so every process of one server (and its demo scripts) knows it without
 * another secret to keep, and it says nothing about the JWT secret.
 */
export const brokerPassword = (config: Config): string =>
  createHmac('sha256', jwtSecret(config)).update('smartstore embedded MQTT broker').digest('base64url');

export interface Sealer {
  seal(plain: string): string;
  /** Throws when the sealed text was not sealed under this key, or was altered. */
  open(sealed: string): string;
}

/** AES-256-GCM under SEALING_KEY: "v1.<iv>.<tag>.<ciphertext>", base64url. */
export function sealerFor(config: Config): Sealer {
  const key = createHash('sha256')
    .update(kept(config, config.SEALING_KEY, 'sealing-key'))
    .digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
