/**
 * The visits stage of the live pipeline: positioning fixes in; zone events out on
 * `ss/{tenant}/{store}/zone/{zone}`; visits recorded; and each moment of a visit handed to the
 * campaigns, whose offers go to push. State (who is inside where) lives here, per store.
 *
 * Dwell campaigns ask "at least N seconds", with N their own: the stage checks each zone's
 * thresholds on its tick and hands the campaigns one dwell moment per (visit, zone) and
 * threshold, all under one event key, so each campaign decides a visit's dwell exactly once.
 *
 * Zones' moments go to the campaigns only within a visit: a passer-by's fixes land inside the
 * outline too (the engine keeps them there), in the zones along the shop window, and arrival
 * recognition is what tells them apart. A shopper who walks into a zone by the door before they are
 * recognised (some seconds) is handed that entry, and recorded in it, when the arrival comes.
 */
import type { Db } from '../db/pool.js';
import type { Moment } from '../marketing/index.js';
import { liveRules, type OfferToDeliver, onMoment } from '../marketing/index.js';
import type { Fix } from '../positioning/index.js';
import type { ProductRanker } from '../recommender/index.js';
import type { OutdoorReport } from './arrival.js';
import { createPresence, type Presence, type StoreGeometry, type VisitEvent } from './presence.js';
import {
  closeAbandonedVisits,
  closeVisit,
  openVisit,
  visitsBefore,
  zoneEntered,
  zoneExited,
} from './records.js';

export interface StoreContext extends StoreGeometry {
  timezone: string;
}

export interface VisitStageDeps {
  db: Db;
  publish(topic: string, message: string): Promise<void>;
  storeContext(tenantId: string, storeId: string): Promise<StoreContext | undefined>;
  /** The shopper behind a pseudonymous device, when the device belongs to a logged-in shopper. */
  shopperOf(tenantId: string, device: string): Promise<string | undefined>;
  deliver(offer: OfferToDeliver): Promise<void>;
  /** Chooses the products of products offers; marketing's default (zone popularity) unless given. */
  ranker?: ProductRanker;
  onError(error: unknown): void;
  /** How often dwell thresholds of live campaigns are re-read. */
  rulesRefreshMs?: number;
}

interface Inside {
  enteredAt: number;
  fired: Set<number>;
}

interface StoreState {
  tenantId: string;
  storeId: string;
  context: StoreContext;
  presence: Presence;
  /** zone → dwell thresholds (seconds) of live campaigns. */
  thresholds: Map<string, number[]>;
  thresholdsAt: number;
  inside: Map<string, Inside>;
  /** Arrival time of each device's open visit. */
  visits: Map<string, number>;
}

export interface VisitStage {
  handleFix(tenantId: string, storeId: string, fix: Fix): Promise<void>;
  /** A phone's outdoor location reported near this store (the gateway's `location` topic). */
  handleOutdoor(tenantId: string, storeId: string, report: OutdoorReport): Promise<void>;
  tick(now: number): Promise<void>;
}

const key = (device: string, zone: string) => `${device}\u0000${zone}`;

export function visitStage(deps: VisitStageDeps): VisitStage {
  const stores = new Map<string, Promise<StoreState | undefined>>();
  const refreshMs = deps.rulesRefreshMs ?? 30_000;

  function storeState(tenantId: string, storeId: string): Promise<StoreState | undefined> {
    const id = `${tenantId}/${storeId}`;
    let state = stores.get(id);
    if (!state) {
      state = deps.storeContext(tenantId, storeId).then(async (context) => {
        if (!context) return undefined;
        // Nobody is inside as far as this process knows, so no visit may be left open either.
        await deps.db.tenant(tenantId, (tx) => closeAbandonedVisits(tx, storeId));
        return {
          tenantId,
          storeId,
          context,
          presence: createPresence(context),
          thresholds: new Map(),
          thresholdsAt: -Infinity,
          inside: new Map(),
          visits: new Map(),
        };
      });
      stores.set(id, state);
      // A store without a map yet is looked up again on a later fix.
      state.then(
        (s) => s || stores.delete(id),
        () => stores.delete(id),
      );
    }
    return state;
  }

  async function refreshThresholds(s: StoreState, now: number): Promise<void> {
    if (now - s.thresholdsAt < refreshMs) return;
    s.thresholdsAt = now;
    const rules = await deps.db.tenant(s.tenantId, (tx) =>
      liveRules(tx, s.storeId, s.context.timezone, new Date(now)),
    );
    s.thresholds = new Map();
    for (const r of rules) {
      if (r.trigger.kind !== 'zone_dwell') continue;
      for (const zone of r.trigger.zones)
        s.thresholds.set(zone, [...(s.thresholds.get(zone) ?? []), r.trigger.min_dwell_s]);
    }
  }

  async function offer(
    s: StoreState,
    device: string,
    moment: Omit<Moment, 'store_id'>,
    eventKey: string,
  ): Promise<void> {
    const shopperId = await deps.shopperOf(s.tenantId, device);
    if (!shopperId) return;
    const offers = await deps.db.tenant(s.tenantId, async (tx) =>
      onMoment(
        tx,
        {
          tenantId: s.tenantId,
          shopperId,
          storeId: s.storeId,
          timezone: s.context.timezone,
          moment: { ...moment, store_id: s.storeId },
          eventKey,
          visitsBefore: await visitsBefore(
            tx,
            shopperId,
            new Date(s.visits.get(device) ?? moment.at.getTime()),
          ),
        },
        deps.ranker ? { ranker: deps.ranker } : {},
      ),
    );
    for (const o of offers) await deps.deliver(o);
  }

  async function apply(s: StoreState, event: VisitEvent): Promise<void> {
    const at = new Date(event.ts);
    const { tenantId, storeId } = s;
    if (event.kind === 'store') {
      const { kind: _kind, ...visitEvent } = event;
      // Announced once recorded, so that whoever reads the open visits on hearing it finds it there.
      const announce = () =>
        deps.publish(`ss/${tenantId}/${storeId}/visit/${event.device}`, JSON.stringify(visitEvent));
      if (event.type === 'arrival') {
        s.visits.set(event.device, event.since);
        const shopperId = await deps.shopperOf(tenantId, event.device);
        await deps.db.tenant(tenantId, (tx) =>
          openVisit(tx, { tenantId, storeId, device: event.device, shopperId, at: new Date(event.since) }),
        );
        await announce();
        await offer(s, event.device, { kind: 'store_arrival', at }, `${event.device}:arrival:${event.since}`);
        // The zones they walked into before they were recognised.
        for (const [k, inside] of s.inside) {
          const [device, zone] = k.split('\u0000') as [string, string];
          if (device === event.device) await zoneEntry(s, device, zone, inside.enteredAt);
        }
      } else {
        s.visits.delete(event.device);
        await deps.db.tenant(tenantId, (tx) => closeVisit(tx, { storeId, device: event.device, at }));
        await announce();
      }
      return;
    }
    const { kind: _kind, ...zoneEvent } = event;
    await deps.publish(`ss/${tenantId}/${storeId}/zone/${event.zone}`, JSON.stringify(zoneEvent));
    if (event.type === 'enter') {
      const enteredAt = event.ts;
      s.inside.set(key(event.device, event.zone), { enteredAt, fired: new Set() });
      if (s.visits.has(event.device)) await zoneEntry(s, event.device, event.zone, enteredAt);
    } else if (event.type === 'exit') {
      const inside = s.inside.get(key(event.device, event.zone));
      s.inside.delete(key(event.device, event.zone));
      await deps.db.tenant(tenantId, (tx) =>
        zoneExited(tx, { storeId, device: event.device, zone: event.zone, at, dwellMs: event.dwell_ms ?? 0 }),
      );
      if (!s.visits.has(event.device)) return;
      await offer(
        s,
        event.device,
        { kind: 'zone_exit', zone: event.zone, dwell_s: (event.dwell_ms ?? 0) / 1000, at },
        `${event.device}:${event.zone}:${inside?.enteredAt ?? event.ts}:exit`,
      );
    }
  }

  /** A visit's entry into a zone: recorded, and handed to the campaigns. */
  async function zoneEntry(s: StoreState, device: string, zone: string, enteredAt: number): Promise<void> {
    const { tenantId, storeId } = s;
    const at = new Date(enteredAt);
    await deps.db.tenant(tenantId, (tx) => zoneEntered(tx, { tenantId, storeId, device, zone, at }));
    await offer(s, device, { kind: 'zone_enter', zone, at }, `${device}:${zone}:${enteredAt}:enter`);
  }

  async function dwellMoments(s: StoreState, now: number): Promise<void> {
    for (const [k, inside] of s.inside) {
      const [device, zone] = k.split('\u0000') as [string, string];
      if (!s.visits.has(device)) continue;
      const dwellS = (now - inside.enteredAt) / 1000;
      for (const threshold of s.thresholds.get(zone) ?? []) {
        if (dwellS < threshold || inside.fired.has(threshold)) continue;
        inside.fired.add(threshold);
        await offer(
          s,
          device,
          { kind: 'zone_dwell', zone, dwell_s: dwellS, at: new Date(now) },
          `${device}:${zone}:${inside.enteredAt}:dwell`,
        );
      }
    }
  }

  async function applyAll(s: StoreState, events: VisitEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await apply(s, event);
      } catch (error) {
        deps.onError(error);
      }
    }
  }

  return {
    async handleFix(tenantId, storeId, fix) {
      const s = await storeState(tenantId, storeId);
      if (s) await applyAll(s, s.presence.update(fix));
    },
    async handleOutdoor(tenantId, storeId, report) {
      const s = await storeState(tenantId, storeId);
      if (s) await applyAll(s, s.presence.outdoor(report));
    },
    async tick(now) {
      for (const pending of stores.values()) {
        const s = await pending;
        if (!s) continue;
        try {
          await refreshThresholds(s, now);
          for (const event of s.presence.tick(now)) await apply(s, event);
          await dwellMoments(s, now);
        } catch (error) {
          deps.onError(error);
        }
      }
    },
  };
}
