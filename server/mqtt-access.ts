/**
 * Who may do what on the embedded broker (server/broker.ts): pure rules, topic in, allowed out.
 *
 * - The server's own clients (username `smartstore`, the password derived from the server's secret):
 *   everything.
 * - A shopper (username `shopper`, password their shopper JWT): subscribe to their own live topic
 *   (push's `offerTopic`, what `GET /me/offers` names) and publish phone scans to their own brand's
 *   `ss/{tenant}/{store}/scan/miniprogram` (the gateway still checks the token inside each scan).
 * - A fixed scanner registered to a store (gateway_scanners; username its name, password
 *   `scannerPassword`): publish its own readings only, on its store's raw-scan topic or in its
 *   firmware's namespace under its name, and the status and telemetry published beside them.
 * - Anyone else, anonymous: refused, unless anonymous scans are allowed (MQTT_ANONYMOUS_SCANS=allow,
 *   a local broker to try things on); then publish scans to any store, as scanners do.
 * Nobody but the server subscribes to anything else.
 *
 * Shoppers' positions, zone and visit events, offers and stock are read only by the server.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { offerTopic } from '../push/index.js';

export const SERVER_USERNAME = 'smartstore';
export const SHOPPER_USERNAME = 'shopper';

/** A fixed scanner as a store registers it (gateway_scanners): its name is its username. */
export interface RegisteredScanner {
  tenantId: string;
  storeId: string;
  source: 'espresense' | 'openmqttgateway' | 'ibeacon-raw';
  scanner: string;
}

export type MqttPrincipal =
  | { kind: 'server' }
  | { kind: 'shopper'; tenantId: string; shopperId: string; expiresAt: number }
  | ({ kind: 'scanner' } & RegisteredScanner)
  | { kind: 'anonymous' };

/** A topic is one level per segment: no wildcard, nothing empty where an id belongs. */
const ID = /^[^/+#]+$/;

/** Topics any fixed scanner publishes on; the gateway reads the scans, the rest is the firmware's own. */
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

/**
 * The topics of one registered scanner: the ones above, narrowed to its own name or store. A raw
 * scanner names itself in the payload, which the gateway checks against the topic's store.
 */
function isOwnScannerTopic(who: RegisteredScanner, topic: string): boolean {
  const parts = topic.split('/');
  if (!parts.every((p) => ID.test(p))) return false;
  switch (who.source) {
    case 'ibeacon-raw':
      return topic === `ss/${who.tenantId}/${who.storeId}/scan/ibeacon-raw`;
    case 'espresense':
      return (
        parts[0] === 'espresense' &&
        ((parts[1] === 'devices' && parts.length === 4 && parts[3] === who.scanner) ||
          (parts[1] === 'rooms' && parts.length >= 4 && parts[2] === who.scanner))
      );
    case 'openmqttgateway':
      return parts[0] === 'home' && parts.length >= 3 && parts[1] === who.scanner;
  }
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
  if (who.kind === 'scanner') return isOwnScannerTopic(who, topic);
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
  /** The scanners registered under this name (one per format at most); none for any other name. */
  scannersNamed(name: string): Promise<RegisteredScanner[]>;
  /** MQTT_ANONYMOUS_SCANS=allow: clients with no known user publish scans (a local broker only). */
  anonymousScans: boolean;
}

// Hashed first so that the comparison takes the same time whatever the length given.
const digest = (text: string | Buffer) => createHash('sha256').update(text).digest();
const same = (given: Buffer | undefined, expected: string) =>
  given !== undefined && timingSafeEqual(digest(given), digest(expected));

/**
 * A registered scanner's password, which staff read from the API and type into the firmware: an HMAC
 * of where it is registered under the server's own password, so every process of one server derives
 * it without keeping it, and a scanner moved to another store, or a name given up by one brand and
 * taken by another, comes with a new one.
 */
export function scannerPassword(serverPassword: string, scanner: RegisteredScanner): string {
  const place = [scanner.tenantId, scanner.storeId, scanner.source, scanner.scanner];
  return createHmac('sha256', serverPassword)
    .update(JSON.stringify(['smartstore scanner', ...place]))
    .digest('base64url');
}

/**
 * Who connects: the server, shoppers and registered scanners by their usernames, which must come
 * with the right password (else a string saying why they are refused); anyone else is anonymous,
 * whatever user they give (scanner firmware ships placeholders such as OpenMQTTGateway's
 * `your_username`), and let in only when anonymous scans are allowed.
 */
export async function identify(
  username: string | undefined,
  password: Buffer | undefined,
  credentials: Credentials,
): Promise<MqttPrincipal | string> {
  if (username === SERVER_USERNAME) {
    return same(password, credentials.serverPassword) ? { kind: 'server' } : 'wrong password for the server';
  }
  if (username === SHOPPER_USERNAME) {
    const shopper = password ? credentials.shopperOf(password.toString('utf8')) : undefined;
    return shopper ? { kind: 'shopper', ...shopper } : 'not a valid shopper token';
  }
  const registered = username ? await credentials.scannersNamed(username) : [];
  if (registered.length > 0) {
    const scanner = registered.find((s) => same(password, scannerPassword(credentials.serverPassword, s)));
    return scanner ? { kind: 'scanner', ...scanner } : `wrong password for scanner ${username}`;
  }
  return credentials.anonymousScans
    ? { kind: 'anonymous' }
    : 'anonymous scanners are not allowed (MQTT_ANONYMOUS_SCANS=deny): log in as a registered scanner';
}
