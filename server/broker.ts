/**
 * The embedded MQTT broker (aedes) for `npm start` without MQTT_URL: plain TCP for scanners and
 * the server itself, WebSocket for the mini-program. Production uses a real broker, with its own ACL.
 * Who may connect, subscribe and publish is `access`'s to say (server/mqtt-access.ts has the rules).
 */
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { type MqttPrincipal, mayPublish, maySubscribe } from './mqtt-access.js';

export interface EmbeddedBroker {
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** What the broker refused, for the log and the metrics (never a password). */
export interface Refusal {
  action: 'connect' | 'subscribe' | 'publish';
  clientId: string;
  /** Who the client is; `unknown` at a refused connect (then the username it gave, when it gave one). */
  who: MqttPrincipal['kind'] | 'unknown';
  username?: string;
  topic?: string;
  reason?: string;
}

/** A client the broker cut off by itself (never a password). */
export interface Disconnection {
  clientId: string;
  who: MqttPrincipal['kind'];
  reason: 'token_expired' | 'scanner_removed';
}

export interface BrokerOptions {
  /** Where it listens: 127.0.0.1 (this machine only) or 0.0.0.0 (the shop's network too). */
  host?: string;
  /** How long a scanner's login is taken as still registered before it is looked up again, ms. */
  recheckScannersMs?: number;
}

export interface BrokerAccess {
  /** Who connects with these credentials; a string is why they are refused. */
  identify(username: string | undefined, password: Buffer | undefined): Promise<MqttPrincipal | string>;
  refused(refusal: Refusal): void;
  disconnected(disconnection: Disconnection): void;
}

// CONNACK return codes (MQTT 3.1.1): 3 server unavailable, 4 bad user name or password.
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;

function listen(
  server: Server | ReturnType<typeof createHttpServer>,
  port: number,
  host: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Where the server's own clients reach a broker listening on `host`: every address includes this machine's. */
function reachAt(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

// setTimeout fires at once past this (about 24.8 days), and JWT_TTL_S has no upper bound.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Calls `then` at `when` (ms since the epoch); the returned function cancels it. */
function at(when: number, then: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = when - Date.now();
    timer = setTimeout(wait > LONGEST_TIMER_MS ? arm : then, Math.min(Math.max(wait, 0), LONGEST_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * A shopper's token holds until its expiry, and so does their connection: what they subscribed to
 * would otherwise go on arriving after it. A re-connect with the same token is then refused.
 */
function closeAtExpiry(client: Client, expiresAt: number, access: BrokerAccess): void {
  const cancel = at(expiresAt, () => {
    if (client.closed) return;
    access.disconnected({ clientId: client.id, who: 'shopper', reason: 'token_expired' });
    client.close();
  });
  // The connection's own close, however it comes: aedes announces only registered clients' ends.
  client.conn.once('close', cancel);
}

type Scanner = Extract<MqttPrincipal, { kind: 'scanner' }>;
const samePlace = (a: Scanner, b: Scanner) =>
  a.tenantId === b.tenantId && a.storeId === b.storeId && a.source === b.source && a.scanner === b.scanner;

/**
 * A scanner's login, looked up again once it is `recheckMs` old: staff who remove or move a scanner
 * expect it cut off, not feeding the store's readings until it happens to reconnect. A lookup that fails
 * (the database away) keeps the connection, and tries again at the next publish.
 */
function scannerLogins(access: BrokerAccess, recheckMs: number) {
  const logins = new WeakMap<
    Client,
    { username: string; password: Buffer; checkedAt: number; lookup?: Promise<boolean> }
  >();
  return {
    remember(client: Client, username: string, password: Buffer) {
      logins.set(client, { username, password, checkedAt: Date.now() });
    },
    /** Whether the scanner `who` connected as is still registered there; true until it is time to look. */
    stillRegistered(client: Client, who: Scanner): Promise<boolean> | true {
      const login = logins.get(client);
      if (!login || Date.now() - login.checkedAt < recheckMs) return true;
      login.lookup ??= access.identify(login.username, login.password).then(
        (now) => {
          login.checkedAt = Date.now();
          login.lookup = undefined;
          return typeof now !== 'string' && now.kind === 'scanner' && samePlace(now, who);
        },
        () => {
          login.lookup = undefined;
          return true;
        },
      );
      return login.lookup;
    },
  };
}

function guarded(access: BrokerAccess, recheckScannersMs: number) {
  const principals = new WeakMap<Client, MqttPrincipal>();
  const scanners = scannerLogins(access, recheckScannersMs);
  return {
    authenticate(
      client: Client,
      username: string | undefined,
      password: Buffer | undefined,
      done: (error: AuthenticateError | null, success: boolean | null) => void,
    ) {
      const refuse = (reason: string, returnCode: number) => {
        access.refused({
          action: 'connect',
          clientId: client.id,
          who: 'unknown',
          ...(username === undefined ? {} : { username: username.slice(0, 64) }),
          reason,
        });
        done(Object.assign(new Error(reason), { returnCode }) as AuthenticateError, false);
      };
      access.identify(username, password).then(
        (who) => {
          if (typeof who === 'string') return refuse(who, BAD_USERNAME_OR_PASSWORD);
          principals.set(client, who);
          if (who.kind === 'shopper') closeAtExpiry(client, who.expiresAt, access);
          if (who.kind === 'scanner' && username !== undefined && password !== undefined)
            scanners.remember(client, username, password);
          done(null, true);
        },
        (error: Error) => refuse(`could not check the login: ${error.message}`, SERVER_UNAVAILABLE),
      );
    },
    // A refused subscription is answered with the failure code (0x80): the client stays connected.
    authorizeSubscribe(
      client: Client,
      subscription: { topic: string; qos: number },
      done: (error: Error | null, subscription?: { topic: string; qos: number } | null) => void,
    ) {
      const who = principals.get(client);
      if (who && maySubscribe(who, subscription.topic, Date.now())) return done(null, subscription);
      access.refused({
        action: 'subscribe',
        clientId: client.id,
        who: who?.kind ?? 'unknown',
        topic: subscription.topic,
      });
      done(null, null);
    },
    // MQTT 3.1.1 has no way to refuse one publish: aedes closes the connection.
    authorizePublish(client: Client | null, packet: { topic: string }, done: (error?: Error | null) => void) {
      const who = client ? principals.get(client) : undefined;
      if (client && who?.kind === 'scanner') {
        const registered = scanners.stillRegistered(client, who);
        if (registered !== true) {
          registered.then((still) => {
            if (still) return authorize(client, who, packet.topic, done);
            access.disconnected({ clientId: client.id, who: 'scanner', reason: 'scanner_removed' });
            done(new Error(`scanner ${who.scanner} is no longer registered at this store`));
          });
          return;
        }
      }
      authorize(client, who, packet.topic, done);
    },
  };

  function authorize(
    client: Client | null,
    who: MqttPrincipal | undefined,
    topic: string,
    done: (error?: Error | null) => void,
  ) {
    if (who && mayPublish(who, topic, Date.now())) return done(null);
    access.refused({
      action: 'publish',
      clientId: client?.id ?? '',
      who: who?.kind ?? 'unknown',
      topic,
    });
    done(new Error(`not allowed to publish on ${topic}`));
  }
}

export async function startEmbeddedBroker(
  ports: { tcp: number; ws: number },
  access: BrokerAccess,
  { host = '127.0.0.1', recheckScannersMs = 30_000 }: BrokerOptions = {},
): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker(guarded(access, recheckScannersMs) as never);
  const tcp = createTcpServer(aedes.handle);
  const http = createHttpServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket, request) => aedes.handle(createWebSocketStream(socket), request));
  let tcpPort: number;
  let wsPort: number;
  try {
    tcpPort = await listen(tcp, ports.tcp, host);
    wsPort = await listen(http, ports.ws, host);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    tcp.close();
    http.close();
    aedes.close();
    throw new Error(
      code === 'EADDRINUSE'
        ? `Embedded MQTT broker: port ${ports.tcp} or ${ports.ws} is taken; set MQTT_EMBEDDED_PORT / MQTT_EMBEDDED_WS_PORT, or MQTT_URL to use a running broker`
        : `Embedded MQTT broker failed to start: ${(error as Error).message}`,
    );
  }
  return {
    url: `mqtt://${reachAt(host)}:${tcpPort}`,
    wsUrl: `ws://${reachAt(host)}:${wsPort}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all([
        new Promise((resolve) => tcp.close(resolve)),
        new Promise((resolve) => wss.close(() => http.close(resolve))),
      ]);
    },
  };
}
