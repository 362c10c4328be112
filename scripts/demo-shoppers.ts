/**
 * The live demo: simulated shoppers walking each demo store, and passers-by on the pavement outside
 * hearing its beacons through the window, their phones publishing scans the way
 * the mini-program does (`ss/{tenant}/{store}/scan/miniprogram`, the shopper's token in the
 * payload). Each simulated phone is a demo shopper account who consented to tracking and
 * marketing, drawn from a small pool per store so that some visitors come back; a shopper who came
 * in checks out on leaving (demo-checkout.ts), so the demo has sales and campaign purchases too.
 */
import type { FastifyInstance } from 'fastify';
import { type Beacon, listBeacons } from '../beacons/index.js';
import { DEMO_FLOORS, DEMO_TENANT } from '../db/seed.js';
import { hasConsent, recordConsent, upsertShopper } from '../members/index.js';
import { createRandom, seedFrom } from '../positioning/index.js';
import { buildVenue, liveScans, type ScanBatch, storeRun, type Venue } from '../sim/index.js';
import { listStores } from '../stores/index.js';
import { tenantBySlug } from '../tenancy/index.js';
import { demoCheckout } from './demo-checkout.js';

export interface DemoStore {
  tenantId: string;
  storeId: string;
  code: string;
  venue: Venue;
  /** The store's registered beacons: the identities its phones report. */
  beacons: readonly Beacon[];
  /** The simulation's seed: its shoppers and its calibration walk hear the very same radio. */
  seed: number;
}

/** The demo brand's stores that have a simulated floor; none before the demo is seeded. */
export async function demoStores(app: FastifyInstance): Promise<DemoStore[]> {
  const tenant = await app.db.anonymous((tx) => tenantBySlug(tx, DEMO_TENANT.slug));
  if (!tenant) return [];
  return app.db.tenant(tenant.id, async (tx) => {
    const found: DemoStore[] = [];
    for (const store of await listStores(tx)) {
      const floor = DEMO_FLOORS[store.code];
      if (!floor) continue;
      found.push({
        tenantId: tenant.id,
        storeId: store.id,
        code: store.code,
        venue: buildVenue({ id: store.code, ...floor }),
        beacons: await listBeacons(tx, store.id),
        seed: 1000 + found.length,
      });
    }
    return found;
  });
}

/** Accounts per store for every simulated phone at once: enough that visitors come and go and come back. */
const ACCOUNTS_PER_PHONE = 5;
/** A simulated phone not heard for this long has left; its account may walk in again later. */
const GONE_MS = 15_000;

/** A simulated phone in range: its account, when first and last heard (wall clock), whether it came in. */
interface Phone {
  slot: number;
  token: string;
  since: number;
  seen: number;
  came: boolean;
}

/**
 * The first turn from `from` on whose account (turn modulo `size`) no phone in range holds: two phones
 * with one account would be one device to positioning. Accounts are handed out in turn, so that
 * visitors come back.
 */
function freeTurn(phones: ReadonlyMap<string, Phone>, size: number, from: number): number {
  const busy = new Set([...phones.values()].map((p) => p.slot));
  let turn = from;
  while (busy.has(turn % size)) turn++;
  return turn;
}

type BeaconUpdate = { uuid: string; major: number; minor: number; rssi: number }[];

/**
 * The registry's identity of each simulated beacon, matched by place (the seed registers the sim's
 * beacons where the sim put them, under identities of its own).
 */
export function registryIdentity(store: DemoStore): Map<string, Beacon> {
  const identity = new Map<string, Beacon>();
  for (const anchor of store.venue.site.anchors) {
    const beacon = store.beacons.find(
      (b) => b.level === anchor.level && Math.hypot(b.x - anchor.x, b.y - anchor.y) < 0.05,
    );
    if (beacon) identity.set(anchor.id, beacon);
  }
  return identity;
}

/** Each simulated scan as `wx.onBeaconUpdate` reports it, under the registry's identities. */
function beaconUpdates(store: DemoStore): (scan: ScanBatch) => BeaconUpdate {
  const identity = registryIdentity(store);
  return (scan) =>
    scan.observations.flatMap((o) => {
      const b = identity.get(o.anchor);
      return b
        ? [{ uuid: b.uuid.toUpperCase(), major: b.major, minor: b.minor, rssi: Math.round(o.rssi) }]
        : [];
    });
}

export function startDemoShoppers(
  app: FastifyInstance,
  stores: DemoStore[],
  people: { shoppers: number; passersBy: number },
): () => void {
  const abort = new AbortController();
  const tokens = new Map<string, Promise<string>>();

  const tokenFor = (store: DemoStore, slot: number) => {
    const openid = `demo_sim_${store.code.toLowerCase()}_${slot}`;
    let token = tokens.get(openid);
    if (!token) {
      token = app.db.tenant(store.tenantId, async (tx) => {
        const shopper = await upsertShopper(tx, store.tenantId, { openid });
        for (const purpose of ['location_tracking', 'location_marketing'] as const) {
          if (await hasConsent(tx, shopper.id, purpose)) continue;
          await recordConsent(tx, {
            tenantId: store.tenantId,
            shopperId: shopper.id,
            purpose,
            granted: true,
            policyVersion: 'demo',
            source: 'simulator',
          });
        }
        return app.issueToken({ kind: 'shopper', id: shopper.id, tenantId: store.tenantId, role: 'shopper' })
          .token;
      });
      tokens.set(openid, token);
    }
    return token;
  };

  for (const store of stores) {
    const run = storeRun({
      venue: store.venue,
      shoppers: people.shoppers,
      passersBy: people.passersBy,
      seed: store.seed,
      startTs: Date.now(),
    });
    const toUpdate = beaconUpdates(store);
    const topic = `ss/${store.tenantId}/${store.storeId}/scan/miniprogram`;
    const accounts = (people.shoppers + people.passersBy) * ACCOUNTS_PER_PHONE;
    const checkout = demoCheckout(app, store);
    const phones = new Map<string, Phone>();
    let nextTurn = 0;
    /** Phones not heard for GONE_MS have left: their accounts are free, and those who came in check out. */
    const sweep = (now: number) => {
      for (const [device, phone] of phones) {
        if (now - phone.seen < GONE_MS) continue;
        phones.delete(device);
        if (!phone.came) continue;
        // The visit's dice, from the simulated visit (itself from the store's seed): what a shopper does
        // on the way out depends only on the visit and on the offers the pipeline sent them.
        const dice = createRandom(seedFrom(`checkout:${device}`)).next;
        checkout(phone.token, phone.since, dice).catch((error) =>
          app.log.warn({ err: error, store: store.code }, 'demo checkout failed'),
        );
      }
    };
    const leaving = setInterval(() => sweep(Date.now()), GONE_MS / 3);
    abort.signal.addEventListener('abort', () => clearInterval(leaving));
    (async () => {
      for await (const scan of liveScans(run, 1, abort.signal)) {
        const beacons = toUpdate(scan);
        if (beacons.length === 0) continue;
        // Wall-clock times: the offers' and orders' clock, which the scans' own may run ahead of.
        const now = Date.now();
        let phone = phones.get(scan.device);
        if (!phone) {
          sweep(now);
          const turn = freeTurn(phones, accounts, nextTurn);
          nextTurn = turn + 1;
          const slot = turn % accounts;
          phone = { slot, token: await tokenFor(store, slot), since: now, seen: now, came: false };
          phones.set(scan.device, phone);
        }
        phone.seen = now;
        phone.came ||= run.truth(scan.device, scan.ts) !== null;
        app.mqtt.publish(topic, JSON.stringify({ token: phone.token, ts: scan.ts, beacons }), { qos: 1 });
      }
    })().catch((error) => app.log.error({ err: error, store: store.code }, 'demo shoppers stopped'));
  }
  app.log.info({ stores: stores.map((s) => s.code), ...people }, 'demo shoppers walking');
  return () => abort.abort();
}
