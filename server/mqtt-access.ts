/**
 * Who may do what on the embedded broker (server/broker.ts): pure rules, topic in, allowed out.
 *
 * - The server's own clients (username `smartstore`, the password derived from the server's secret):
 *   everything.
 * - A shopper (username `shopper`, password their shopper JWT): subscribe to their own live topic
 *   (push's `offerTopic`, what `GET /me/offers` names) and publish phone scans to their own brand's
 *   `ss/{tenant}/{store}/scan/miniprogram` (the gateway still checks the token inside each scan).
 * - Anyone else is a fixed scanner: publish scans (and the status and telemetry scanner firmware
 *   publishes beside them in its own namespace), subscribe to nothing.
 *
 * Shoppers' positions, zone and visit events, offers and stock are read only by the server.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { offerTopic } from '../push/index.js';

export const SERVER_USERNAME = 'smartstore';
export const SHOPPER_USERNAME = 'shopper';

export type MqttPrincipal =
  | { kind: 'server' }
  | { kind: 'shopper'; tenantId: string; shopperId: string; expiresAt: number }
  | { kind: 'scanner' };

/** A topic is one level per segment: no wildcard, nothing empty where an id belongs. */
const ID = /^[^/+#]+$/;

/** Topics fixed scanners publish on; the gateway reads the scans, the rest is the firmware's own. */
function isScannerTopic(topic: string): boolean {
  const parts = topic.split('/');
  if (parts[0] === 'ss') return parts.length === 5 && parts[3] === 'scan' && parts.every((p) => ID.test(p));
  // ESPresense: espresense/devices/{id}/{room}, and its rooms' status, telemetry and settings.
  // OpenMQTTGateway / Theengs: home/{gateway}/BTtoMQTT/{mac}, and its LWT, SYStoMQTT...
  // A refused publish closes the connection (aedes), so the firmware's own topics are let through.
  return (
    (parts[0] === 'espresense' || parts[0] === 'home') && parts.length >= 2 && parts.every((p) => ID.test(p))
  );
}

function isOwnPhoneScan(topic: string, tenantId: string): boolean {
  const parts = topic.split('/');
  return (
    parts.length === 5 &&
    parts[0] === 'ss' &&
    parts[1] === tenantId &&
    ID.test(parts[2]!) &&
    parts[3] === 'scan' &&
    parts[4] === 'miniprogram'
  );
}

const expired = (who: MqttPrincipal, now: number) => who.kind === 'shopper' && who.expiresAt <= now;

export function mayPublish(who: MqttPrincipal, topic: string, now: number): boolean {
  if (who.kind === 'server') return true;
  if (topic.startsWith('$')) return false;
  if (who.kind === 'shopper') return !expired(who, now) && isOwnPhoneScan(topic, who.tenantId);
  return isScannerTopic(topic);
}

/** `filter` as subscribed: a shopper's must be their live topic exactly, no wildcard. */
export function maySubscribe(who: MqttPrincipal, filter: string, now: number): boolean {
  if (who.kind === 'server') return true;
  if (who.kind === 'shopper') return !expired(who, now) && filter === offerTopic(who.tenantId, who.shopperId);
  return false;
}

export interface Credentials {
  /** The server's own password (secrets.ts, brokerPassword). */
  serverPassword: string;
  /** A shopper's JWT checked as the API checks it; undefined when it is not a valid shopper token. */
  shopperOf(token: string): Omit<Extract<MqttPrincipal, { kind: 'shopper' }>, 'kind'> | undefined;
}

// Hashed first so that the comparison takes the same time whatever the length given.
const digest = (text: string | Buffer) => createHash('sha256').update(text).digest();

/**
 * Who connects: the server and shoppers by their usernames, which must come with the right password
 * (else a string saying why they are refused); any other client is a scanner, whatever it sends,
 * since scanner firmware often ships with placeholder credentials (OpenMQTTGateway's
 * `your_username`).
 */
export function identify(
  username: string | undefined,
  password: Buffer | undefined,
  credentials: Credentials,
): MqttPrincipal | string {
  if (username === SERVER_USERNAME) {
    return password && timingSafeEqual(digest(password), digest(credentials.serverPassword))
      ? { kind: 'server' }
      : 'wrong password for the server';
  }
  if (username === SHOPPER_USERNAME) {
    const shopper = password ? credentials.shopperOf(password.toString('utf8')) : undefined;
    return shopper ? { kind: 'shopper', ...shopper } : 'not a valid shopper token';
  }
  return { kind: 'scanner' };
}
