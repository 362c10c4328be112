/**
 * The demo chain: one brand, three stores in central Shanghai (all within 5 km of People's
 * Square, 31.2304 N 121.4737 E), a staff account per role, and a grocery catalogue with
 * prices and opening stock (commerce/demo-catalogue.ts), and when asked (`npm start` does) four
 * weeks of the stores' past days (db/demo-history.ts). Built through the domains' own functions,
 * and idempotent: what exists (by slug, email, store code; a day with visits) is left as it is.
 */

import { type DemoStoreMap, seedDemoMaps } from '../beacons/index.js';
import { seedDemoAppointments, seedDemoCatalogue, seedDemoDesk } from '../commerce/index.js';
import { seedDemoCampaigns } from '../marketing/index.js';
import { seedDemoMembers } from '../members/index.js';
import { seedDemoConversations } from '../service/index.js';
import type { StoreCreate } from '../stores/index.js';
import { createStore, existingStoreIds, listStores, type OpeningHours } from '../stores/index.js';
import { createStaff, createTenant, listTenants, type StaffRole } from '../tenancy/index.js';
import { seedDemoHistory } from './demo-history.js';
import type { Db, Tx } from './pool.js';

export const DEMO_TENANT = { slug: 'freshmart', name: 'FreshMart 鲜生超市' };
export const DEMO_PASSWORD = 'freshmart-demo';
export const PLATFORM_ADMIN = {
  email: 'root@smartstore.local',
  name: 'Platform Admin',
  password: 'smartstore-admin',
};

const day = (open: string, close: string) => [{ open, close }];

const regularHours: OpeningHours = {
  weekly: {
    mon: day('08:00', '22:00'),
    tue: day('08:00', '22:00'),
    wed: day('08:00', '22:00'),
    thu: day('08:00', '22:00'),
    fri: day('08:00', '23:00'),
    sat: day('08:00', '23:00'),
    sun: day('09:00', '22:00'),
  },
  exceptions: [
    { date: '2027-01-01', intervals: day('10:00', '18:00'), note: "New Year's Day" },
    { date: '2027-02-05', intervals: day('08:00', '16:00'), note: 'Spring Festival Eve' },
    { date: '2027-02-06', closed: true, note: 'Spring Festival' },
  ],
};

const lateHours: OpeningHours = {
  ...regularHours,
  weekly: { ...regularHours.weekly, fri: day('07:00', '02:00'), sat: day('07:00', '02:00') },
};

export const DEMO_STORES: StoreCreate[] = [
  {
    code: 'SH001',
    name: 'FreshMart Nanjing East Road',
    address: '上海市黄浦区南京东路300号 (300 East Nanjing Road, Huangpu)',
    phone: '+86 21 6350 0001',
    location: { lat: 31.2381, lng: 121.4829 },
    timezone: 'Asia/Shanghai',
    hours: regularHours,
    services: ['pickup', 'delivery', 'scan_to_buy', 'coffee_counter'],
    georeference: { origin: { lat: 31.23795, lng: 121.48275 }, rotation_deg: 12 },
  },
  {
    code: 'SH002',
    name: 'FreshMart Xintiandi',
    address: '上海市黄浦区马当路245号 (245 Madang Road, Huangpu)',
    phone: '+86 21 6350 0002',
    location: { lat: 31.2197, lng: 121.4752 },
    timezone: 'Asia/Shanghai',
    hours: lateHours,
    services: ['pickup', 'delivery', 'scan_to_buy', 'bakery'],
    georeference: { origin: { lat: 31.21955, lng: 121.47505 }, rotation_deg: -8 },
  },
  {
    code: 'SH003',
    name: "FreshMart Jing'an Temple",
    address: '上海市静安区南京西路1618号 (1618 West Nanjing Road, Jing’an)',
    phone: '+86 21 6350 0003',
    location: { lat: 31.2244, lng: 121.4459 },
    timezone: 'Asia/Shanghai',
    hours: regularHours,
    services: ['pickup', 'scan_to_buy', 'pharmacy', 'parking'],
    georeference: { origin: { lat: 31.22425, lng: 121.44575 }, rotation_deg: 30 },
  },
];

/** Each demo store's floor (the simulator's venue shapes) and the catalogue's SKU codes in shelf order. */
/** The demo stores' floors, as the simulator draws them (also what npm start's simulated shoppers walk). */
export const DEMO_FLOORS: Record<string, DemoStoreMap['venue']> = {
  SH001: { width: 40, depth: 30, levels: 2, layout: 'shelving', beaconSpacing: 7 },
  SH002: { width: 30, depth: 24, levels: 1, layout: 'shelving', beaconSpacing: 6 },
  SH003: { width: 50, depth: 36, levels: 1, layout: 'shelving', beaconSpacing: 8 },
};
const SHELF_ORDER = Object.entries({ DRY: 5, FRS: 6, DRK: 6, SNK: 6, STP: 6, HSH: 4 }).flatMap(
  ([family, n]) => Array.from({ length: n }, (_, i) => `${family}-00${i + 1}`),
);

/** What a coffee counter sells (the demo catalogue's coffees): the history's counter stops buy them. */
const COUNTER_ORDER = ['COF-001', 'COF-002', 'COF-003'];

const DEMO_STAFF: {
  email: string;
  name: string;
  role: Exclude<StaffRole, 'platform_admin'>;
  stores?: string[];
}[] = [
  { email: 'admin@freshmart.demo', name: 'Brand Admin', role: 'brand_admin' },
  { email: 'marketing@freshmart.demo', name: 'Marketing', role: 'marketer' },
  {
    email: 'manager.sh001@freshmart.demo',
    name: 'Store Manager SH001',
    role: 'store_manager',
    stores: ['SH001'],
  },
  { email: 'clerk.sh001@freshmart.demo', name: 'Clerk SH001', role: 'clerk', stores: ['SH001'] },
];

async function staffExists(tx: Tx, email: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM staff_login_lookup($1)', [email]);
  return Boolean(rowCount);
}

export interface SeedReport {
  tenantId: string;
  created: string[];
}

export interface SeedOptions {
  /**
   * Past days of visits, orders and till receipts for the demo stores (db/demo-history.ts): `npm start`
   * asks for four weeks; tests leave it out and get no history unless they ask.
   */
  historyDays?: number;
  /** Orders at SH001's desk today, paid and waiting for its staff (commerce's seedDemoDesk): `npm start` asks. */
  deskOrders?: boolean;
  /** A few shoppers' customer-service conversations, one about a desk order (service's seedDemoConversations): `npm start` asks. */
  serviceConversations?: boolean;
}

export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedReport> {
  const created: string[] = [];
  const tenantId = await db.platform(async (tx) => {
    if (!(await staffExists(tx, PLATFORM_ADMIN.email))) {
      await createStaff(tx, null, { ...PLATFORM_ADMIN, role: 'platform_admin' }, existingStoreIds);
      created.push(`platform admin ${PLATFORM_ADMIN.email}`);
    }
    const existing = (await listTenants(tx)).find((t) => t.slug === DEMO_TENANT.slug);
    if (existing) return existing.id;
    created.push(`brand ${DEMO_TENANT.slug}`);
    return (await createTenant(tx, DEMO_TENANT)).id;
  });

  const demoStores = await db.tenant(tenantId, async (tx) => {
    const codes = new Set((await listStores(tx)).map((s) => s.code));
    for (const store of DEMO_STORES) {
      if (codes.has(store.code)) continue;
      await createStore(tx, tenantId, store);
      created.push(`store ${store.code}`);
    }
    const storeIds = new Map((await listStores(tx)).map((s) => [s.code, s.id]));
    for (const person of DEMO_STAFF) {
      if (await staffExists(tx, person.email)) continue;
      await createStaff(
        tx,
        tenantId,
        {
          email: person.email,
          name: person.name,
          role: person.role,
          password: DEMO_PASSWORD,
          store_ids: (person.stores ?? []).map((code) => storeIds.get(code)!),
        },
        existingStoreIds,
      );
      created.push(`staff ${person.email}`);
    }
    const demoStores = DEMO_STORES.map((s) => ({ code: s.code, id: storeIds.get(s.code)! }));
    created.push(...(await seedDemoMembers(tx, tenantId)));
    created.push(...(await seedDemoCatalogue(tx, tenantId, demoStores)));
    created.push(...(await seedDemoAppointments(tx, tenantId, demoStores)));
    created.push(
      ...(await seedDemoMaps(
        tx,
        tenantId,
        demoStores.map((s) => ({ ...s, venue: DEMO_FLOORS[s.code]!, skus: SHELF_ORDER })),
      )),
    );
    created.push(
      ...(await seedDemoCampaigns(
        tx,
        tenantId,
        demoStores.map((s) => s.id),
      )),
    );
    return demoStores;
  });
  if (options.historyDays)
    created.push(
      ...(await seedDemoHistory(db, tenantId, demoStores, {
        days: options.historyDays,
        skuCodes: SHELF_ORDER,
        counterCodes: COUNTER_ORDER,
      })),
    );
  if (options.deskOrders) {
    const sh001 = DEMO_STORES.find((s) => s.code === 'SH001')!;
    const store = { ...demoStores.find((s) => s.code === sh001.code)!, location: sh001.location };
    created.push(...(await db.tenant(tenantId, (tx) => seedDemoDesk(tx, tenantId, store))));
  }
  if (options.serviceConversations) {
    const sh001 = demoStores.find((s) => s.code === 'SH001')!.id;
    created.push(...(await db.tenant(tenantId, (tx) => seedDemoConversations(tx, tenantId, sh001))));
  }
  return { tenantId, created };
}
