import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../../commerce/appointments/reminders.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import type { SubscribeMessage } from '../../push/index.js';
import type { TestApp } from '../../test/support/app.js';
import type { Booking } from '../src/lib/api';
import type { BookingRow, SlotDay } from '../src/lib/appointment-view';
import type { Session } from '../src/lib/session';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, type PageOf, tap } from './support/wx-fake';

const CONSULTATION = '护肤咨询 Skin-care consultation';

let t: TestApp;
let fake: FakeWx;
let clerk: string;
let storeId: string;

const token = () => (fake.storage.get('ss.session') as Session).token;

const rows = (page: PageOf, list: 'upcoming' | 'past') => page.data[list] as BookingRow[];

async function myBookings(): Promise<Booking[]> {
  return (await t.call(token(), { method: 'GET', url: '/api/v1/me/appointments' })).json();
}

/** Opens the page from the store's entry and picks the consultation. */
async function bookingPage(): Promise<PageOf> {
  const page = await openPage(fake, 'pages/appointments/index', { store: storeId });
  const services = page.data.services as { id: string; name: string }[];
  await tap(fake, page, 'chooseService', {
    dataset: { id: services.find((s) => s.name === CONSULTATION)!.id },
  });
  return page;
}

/**
 * Each story takes its own slot, a day ahead or more: today's next slots may be past the cut-off
 * to cancel (or gone) by the time the test runs.
 */
const slotOf = (page: PageOf, day: number, slot: number) =>
  (page.data.days as SlotDay[]).at(day)!.slots.at(slot)!;

/** The store's desk books the slot's every counter for walk-in customers, as the console does. */
async function fillSlot(serviceId: string, startsAt: string) {
  for (const name of ['Walk-in A', 'Walk-in B']) {
    const booked = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/appointments',
      payload: { service_id: serviceId, starts_at: startsAt, customer_name: name },
    });
    expect(booked.statusCode, booked.body).toBe(201);
  }
}

beforeAll(async () => {
  ({ t, fake } = await shopUnderTest());
  fake.loginCode = 'appointments-shopper';
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(clerk, { method: 'GET', url: '/api/v1/stores' })).json() as {
    id: string;
    code: string;
  }[];
  storeId = stores.find((s) => s.code === 'SH001')!.id;
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
});

describe('my appointments', () => {
  it('are empty at first, under their title', async () => {
    const page = await openPage(fake, 'pages/appointments/index');
    expect(fake.title).toBe('My appointments');
    expect(page.data.loading).toBe(false);
    expect(rows(page, 'upcoming')).toEqual([]);
    expect(rows(page, 'past')).toEqual([]);
    expect(page.data.services).toEqual([]);
  });

  it('are a tap away on the me page', async () => {
    const me = await openPage(fake, 'pages/me/index');
    await tap(fake, me, 'openAppointments');
    expect(fake.navigations.at(-1)).toBe('/pages/appointments/index');
  });

  it('book a service from the store page: a day’s slot with places left, then listed', async () => {
    const store = await openPage(fake, 'pages/store/index', { id: storeId });
    expect(store.data.bookable).toBe(true);
    await tap(fake, store, 'bookService');
    expect(fake.navigations.at(-1)).toBe(`/pages/appointments/index?store=${storeId}`);

    const page = await bookingPage();
    expect((page.data.services as { name: string }[]).map((s) => s.name)).toContain(
      '新品试吃会 Tasting event',
    );
    const days = page.data.days as SlotDay[];
    expect(days.length).toBeGreaterThan(0);
    expect(days[0]!.label).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{1,2}\/\d{1,2}$/);
    expect(days[0]!.slots[0]!.left).toBe('2 left');
    const slot = slotOf(page, -1, 0);
    const day = days.at(-1)!.label;

    await tap(fake, page, 'chooseSlot', { dataset: { startsAt: slot.startsAt } });
    await tap(fake, page, 'book');
    expect(page.data.error).toBe('');
    // This server's brand has no reminder template: nothing to ask for.
    expect(fake.subscribeRequests).toEqual([]);
    const [booking] = await myBookings();
    expect(booking).toMatchObject({ starts_at: slot.startsAt, status: 'booked' });
    expect(page.data.highlight).toBe(booking!.id);
    expect(fake.toasts.at(-1)).toBe(`Booked: ${CONSULTATION}, ${day} ${slot.time}`);
    expect(rows(page, 'upcoming')).toEqual([
      {
        id: booking!.id,
        service: CONSULTATION,
        store: expect.stringContaining('FreshMart'),
        when: `${day} ${slot.time}`,
        status: 'Booked',
        cancellable: true,
      },
    ]);
    // The slot's places were loaded again: one counter left.
    const again = (page.data.days as SlotDay[])
      .flatMap((d) => d.slots)
      .find((s) => s.startsAt === slot.startsAt);
    expect(again?.left).toBe('1 left');
  });

  it('asks for the reminder first when the brand has a template, and books whatever the answer', async () => {
    const stored = fake.storage.get('ss.session') as Session;
    fake.storage.set('ss.session', { ...stored, reminderTemplateId: 'TPL_REMINDER' });
    fake.onSubscribe = () => 'reject';
    try {
      const page = await bookingPage();
      const slot = slotOf(page, 2, 0);
      await tap(fake, page, 'chooseSlot', { dataset: { startsAt: slot.startsAt } });
      await tap(fake, page, 'book');
      expect(fake.subscribeRequests.at(-1)).toEqual(['TPL_REMINDER']);
      expect(page.data.error).toBe('');
      expect((await myBookings()).filter((b) => b.starts_at === slot.startsAt)).toHaveLength(1);
    } finally {
      fake.onSubscribe = () => 'accept';
      fake.storage.set('ss.session', stored);
    }
  });

  it('retry a booking whose answer was lost with the same Idempotency-Key: booked once', async () => {
    const page = await bookingPage();
    const slot = slotOf(page, 1, 0);
    await tap(fake, page, 'chooseSlot', { dataset: { startsAt: slot.startsAt } });
    const globals = globalThis as unknown as { wx: { request(options: Record<string, unknown>): void } };
    const request = globals.wx.request;
    const keys: string[] = [];
    globals.wx.request = (options) => {
      const header = options.header as Record<string, string>;
      if (header['idempotency-key']) keys.push(header['idempotency-key']);
      // The first booking reaches the server, but its answer never reaches the phone.
      const lost = keys.length === 1 && header['idempotency-key'];
      request(
        lost
          ? { ...options, success: () => (options.fail as (e: unknown) => void)({ errMsg: 'timeout' }) }
          : options,
      );
    };
    try {
      await tap(fake, page, 'book');
      expect(page.data.error).toBe('Cannot reach the store right now. Check your connection and try again.');
      await tap(fake, page, 'book');
    } finally {
      globals.wx.request = request;
    }
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(page.data.error).toBe('');
    expect((await myBookings()).filter((b) => b.starts_at === slot.startsAt)).toHaveLength(1);
  });

  it('open on the booking a reminder is about, as the server’s WeChat message opens the page', async () => {
    const [booking] = await myBookings();
    const sent: SubscribeMessage[] = [];
    const channels = {
      publish: async () => undefined,
      wechat: {
        send: async (message: SubscribeMessage) => {
          sent.push(message);
          return { status: 'sent' as const };
        },
        templateId: 'tpl-reminder',
        page: 'pages/appointments/index',
      },
    };
    await sendDueReminders(
      t.db,
      async () => channels,
      new Date(Date.parse(booking!.starts_at) - 59 * 60_000),
    );
    const [route, query] = sent.at(-1)!.page.split('?');
    expect(route).toBe('pages/appointments/index');
    const page = await openPage(fake, route!, Object.fromEntries(new URLSearchParams(query)));
    expect(page.data.highlight).toBe(booking!.id);

    const byId = await openPage(fake, 'pages/appointments/index', { id: booking!.id });
    expect(byId.data.highlight).toBe(booking!.id);
    expect(rows(byId, 'upcoming').map((r) => r.id)).toContain(booking!.id);
  });

  it('cancel a booking once the shopper confirms, and show it cancelled', async () => {
    // The one a week ahead, well before the service's cut-off to cancel in the app.
    const booking = (await myBookings()).at(-1);
    const page = await openPage(fake, 'pages/appointments/index');
    await tap(fake, page, 'cancel', { dataset: { id: booking!.id } });
    const row = rows(page, 'upcoming').find((r) => r.id === booking!.id)!;
    expect(fake.dialogs.at(-1)).toBe(`Cancel ${CONSULTATION} on ${row.when}?`);
    expect(fake.toasts.at(-1)).toBe('Appointment cancelled');
    expect(row).toMatchObject({ status: 'Cancelled', cancellable: false });
    const after = await t.call(token(), { method: 'GET', url: `/api/v1/appointments/${booking!.id}` });
    expect(after.json().status).toBe('cancelled');
  });

  it('show the server’s refusal to cancel past the service’s cut-off, the booking kept', async () => {
    const booking = (await myBookings())[0]!;
    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    // A week's notice to cancel in the app: every booking shown is past it.
    const cutoff = (minutes: number) =>
      t.call(manager, {
        method: 'PATCH',
        url: `/api/v1/appointment-services/${booking.service.id}`,
        payload: { cancel_cutoff_min: minutes },
      });
    expect((await cutoff(7 * 24 * 60)).statusCode).toBe(200);
    try {
      const page = await openPage(fake, 'pages/appointments/index');
      await tap(fake, page, 'cancel', { dataset: { id: booking.id } });
      const refusal =
        'Bookings can be cancelled in the app up to 10080 minutes before they start; please call the store';
      expect(fake.dialogs.at(-1)).toBe(refusal);
      expect(page.data.error).toBe(refusal);
      expect(rows(page, 'upcoming').find((r) => r.id === booking.id)?.status).toBe('Booked');
    } finally {
      await cutoff(120);
    }
  });

  it('refuse a slot filled meanwhile in the server’s words, and offer it no more', async () => {
    const page = await bookingPage();
    const slot = slotOf(page, 1, -1);
    await tap(fake, page, 'chooseSlot', { dataset: { startsAt: slot.startsAt } });
    await fillSlot(page.data.serviceId as string, slot.startsAt);
    await tap(fake, page, 'book');
    expect(fake.dialogs.at(-1)).toBe('This slot is fully booked; pick another time');
    expect(page.data.error).toBe('This slot is fully booked; pick another time');
    expect((page.data.days as SlotDay[]).flatMap((d) => d.slots).map((s) => s.startsAt)).not.toContain(
      slot.startsAt,
    );
  });
});

describe('my appointments in Chinese', () => {
  beforeAll(() => {
    fake.language = 'zh_CN';
  });
  afterAll(() => {
    fake.language = 'en';
  });

  it('read in Chinese, and a full slot is refused in Chinese', async () => {
    const page = await bookingPage();
    expect(fake.title).toBe('我的预约');
    const words = page.data.t as Record<string, string>;
    expect([words.chooseService, words.chooseTime, words.book, words.cancelAppointment]).toEqual([
      '选择服务',
      '选择时间',
      '预约',
      '取消预约',
    ]);
    const day = (page.data.days as SlotDay[])[0]!;
    expect(day.label).toMatch(/^\d{1,2}月\d{1,2}日 周[日一二三四五六]$/);
    expect(day.slots[0]!.left).toMatch(/^剩余名额 [12]$/);
    expect(rows(page, 'upcoming').map((r) => r.status)).toContain('已取消');

    const slot = slotOf(page, -1, -1);
    await tap(fake, page, 'chooseSlot', { dataset: { startsAt: slot.startsAt } });
    await fillSlot(page.data.serviceId as string, slot.startsAt);
    await tap(fake, page, 'book');
    expect(page.data.error).toBe('该时段已约满，请选择其他时间。');
  });
});
