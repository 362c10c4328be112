/**
 * Appointments end to end over HTTP against the real Postgres: counters and services, slots from
 * the store's hours (a holiday has none), bookings by shoppers and by staff that never exceed a
 * counter's or an event's capacity under many parallel requests for the last place, cancellation
 * (cut-off for shoppers, anytime for staff) freeing the place, check-in and no-shows, the staff
 * view of a day, and reminders sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import type { SubscribeMessage } from '../push/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { newStore } from './support/stores.js';

let t: TestApp;
let tenantId: string;
let admin: string;
let clerk: string;
let shopper: string;
let storeId: string;
let counters: string[];
const service = { consult: '', tasting: '', strict: '' };

const call: TestApp['api'] = (...request) => t.api(...request);

const shopperToken = async (code: string) =>
  (await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json().token as string;

interface SlotView {
  starts_at: string;
  date: string;
  time: string;
  capacity: number;
  available: number;
}
const slots = async (token: string, id: string, query = '') =>
  (await call(token, 'GET', `/appointment-services/${id}/slots${query}`)).json() as SlotView[];

const localDate = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
const tomorrow = localDate(new Date(Date.now() + 86_400_000));
const allDay = [{ open: '00:00', close: '24:00' }];

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  shopper = await shopperToken('appt-shopper');
  // A store open round the clock (so the tests do not depend on the hour they run at), closed tomorrow.
  const open = newStore(
    {
      code: 'SH099',
      name: 'FreshMart 24h',
      address: 'Somewhere in Shanghai',
      location: { lat: 31.23, lng: 121.47 },
    },
    allDay,
  );
  const store = await call(admin, 'POST', '/stores', {
    ...open,
    hours: { ...open.hours, exceptions: [{ date: tomorrow, closed: true, note: 'stocktake' }] },
  });
  expect(store.statusCode).toBe(201);
  storeId = store.json().id;
});
afterAll(async () => t?.close());

describe('setting up', () => {
  it('adds counters (idempotent) and refuses a duplicate name', async () => {
    const first = await call(
      admin,
      'POST',
      `/stores/${storeId}/counters`,
      { name: 'Counter A' },
      'counter-a',
    );
    expect(first.statusCode).toBe(201);
    const replay = await call(
      admin,
      'POST',
      `/stores/${storeId}/counters`,
      { name: 'Counter A' },
      'counter-a',
    );
    expect(replay.json()).toEqual(first.json());
    const second = await call(admin, 'POST', `/stores/${storeId}/counters`, { name: 'Counter B' });
    const clash = await call(admin, 'POST', `/stores/${storeId}/counters`, { name: 'Counter B' });
    expect(clash.json()).toMatchObject({ code: 'SS_ERR_COUNTER_TAKEN', field: 'name' });
    counters = [first.json().id, second.json().id];
  });

  it('creates services, naming the field of a bad one', async () => {
    const noCounters = await call(admin, 'POST', `/stores/${storeId}/appointment-services`, {
      name: 'x',
      kind: 'counter',
      duration_min: 30,
    });
    expect(noCounters.statusCode).toBe(400);
    expect(noCounters.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'counter_ids' });
    const sh001 = (await call(admin, 'GET', '/stores'))
      .json()
      .find((s: { code: string }) => s.code === 'SH001');
    const demoCounter = (await call(admin, 'GET', `/stores/${sh001.id}/counters`)).json()[0];
    const foreign = await call(admin, 'POST', `/stores/${storeId}/appointment-services`, {
      name: 'x',
      kind: 'counter',
      duration_min: 30,
      counter_ids: [demoCounter.id],
    });
    expect(foreign.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'counter_ids' });
    const tooBig = await call(admin, 'POST', `/stores/${storeId}/appointment-services`, {
      name: 'x',
      kind: 'event',
      duration_min: 60,
      seats: 2,
      max_party: 3,
    });
    expect(tooBig.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'max_party' });

    const base = { duration_min: 30, min_notice_min: 0, reminder_min: 60, cancel_cutoff_min: 60 };
    const consult = await call(admin, 'POST', `/stores/${storeId}/appointment-services`, {
      ...base,
      name: 'Skin-care consultation',
      kind: 'counter',
      counter_ids: counters,
    });
    expect(consult.statusCode).toBe(201);
    const tasting = await call(admin, 'POST', `/stores/${storeId}/appointment-services`, {
      ...base,
      name: 'Tasting',
      kind: 'event',
      seats: 3,
      max_party: 2,
    });
    const strict = await call(admin, 'POST', `/stores/${storeId}/appointment-services`, {
      ...base,
      name: 'Cake pickup',
      kind: 'counter',
      counter_ids: [counters[0]],
      cancel_cutoff_min: 10080,
    });
    service.consult = consult.json().id;
    service.tasting = tasting.json().id;
    service.strict = strict.json().id;
    const listed = (await call(shopper, 'GET', `/stores/${storeId}/appointment-services`)).json();
    expect(listed.map((s: { name: string }) => s.name)).toEqual([
      'Cake pickup',
      'Skin-care consultation',
      'Tasting',
    ]);
  });

  it('seeded the demo stores with a consultation and a tasting event', async () => {
    const stores = (await call(admin, 'GET', '/stores')).json() as { id: string; code: string }[];
    for (const s of stores.filter((x) => x.code !== 'SH099')) {
      const kinds = (await call(admin, 'GET', `/stores/${s.id}/appointment-services`))
        .json()
        .map((x: { kind: string }) => x.kind);
      expect(kinds.sort(), s.code).toEqual(['counter', 'event']);
    }
  });
});

describe('slots', () => {
  it("follow the store's hours, with none on its holiday, and show what is left", async () => {
    const list = await slots(shopper, service.consult, '?days=3');
    expect(list.length).toBeGreaterThanOrEqual(48);
    expect(list.some((s) => s.date === tomorrow)).toBe(false);
    expect(list.every((s) => s.capacity === 2 && s.available === 2)).toBe(true);
    expect(list[0]!.time).toMatch(/^[0-2][0-9]:[03]0$/);
    expect(new Date(list[0]!.starts_at).getTime()).toBeGreaterThanOrEqual(Date.now() - 1000);
  });

  it('are 404 for an unknown service and 400 for a bad query', async () => {
    const unknown = await call(
      shopper,
      'GET',
      '/appointment-services/00000000-0000-4000-8000-000000000000/slots',
    );
    expect(unknown.statusCode).toBe(404);
    const bad = await call(shopper, 'GET', `/appointment-services/${service.consult}/slots?days=99`);
    expect(bad.statusCode).toBe(400);
  });
});

describe('booking a counter', () => {
  let slot: SlotView;

  it('books a slot once per Idempotency-Key, and shows it to the shopper and the staff view', async () => {
    slot = (await slots(shopper, service.consult)).at(-1)!;
    const body = { service_id: service.consult, starts_at: slot.starts_at, note: 'sensitive skin' };
    const first = await call(shopper, 'POST', '/appointments', body, 'book-1');
    expect(first.statusCode).toBe(201);
    const replay = await call(shopper, 'POST', '/appointments', body, 'book-1');
    expect(replay.json()).toEqual(first.json());
    const booking = first.json();
    expect(booking).toMatchObject({
      status: 'booked',
      local_time: slot.time,
      counter: { name: 'Counter A' },
    });
    const twice = await call(shopper, 'POST', '/appointments', body, 'book-2');
    expect(twice.json()).toMatchObject({ code: 'SS_ERR_ALREADY_BOOKED' });
    const after = (await slots(shopper, service.consult)).find((s) => s.starts_at === slot.starts_at)!;
    expect(after.available).toBe(1);
    const mine = (await call(shopper, 'GET', '/me/appointments')).json();
    expect(mine.map((b: { id: string }) => b.id)).toContain(booking.id);
    const day = (await call(admin, 'GET', `/stores/${storeId}/appointments?date=${slot.date}`)).json();
    expect(day.counters.map((c: { name: string }) => c.name)).toEqual(['Counter A', 'Counter B']);
    expect(day.bookings.find((b: { id: string }) => b.id === booking.id)).toMatchObject({
      note: 'sensitive skin',
    });
  });

  it('keeps a service with upcoming bookings from changing its kind', async () => {
    const response = await call(admin, 'PATCH', `/appointment-services/${service.consult}`, {
      kind: 'event',
      counter_ids: [],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'kind' });
    const renamed = await call(admin, 'PATCH', `/appointment-services/${service.consult}`, {
      description: 'Skin check',
    });
    expect(renamed.json()).toMatchObject({ description: 'Skin check', kind: 'counter' });
  });

  it('refuses a time that is not a slot, naming the field', async () => {
    const off = new Date(new Date(slot.starts_at).getTime() + 60_000).toISOString();
    const response = await call(shopper, 'POST', '/appointments', {
      service_id: service.consult,
      starts_at: off,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'starts_at' });
  });

  it('never gives the last counter to more than one of many parallel shoppers', async () => {
    const tokens = await Promise.all(Array.from({ length: 24 }, (_, i) => shopperToken(`appt-race-${i}`)));
    const answers = await Promise.all(
      tokens.map((token) =>
        call(token, 'POST', '/appointments', { service_id: service.consult, starts_at: slot.starts_at }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(23);
    expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('SS_ERR_SLOT_FULL');
    const live = await t.db.tenant(tenantId, (tx) =>
      tx.query(
        `SELECT counter_id FROM appointment_bookings WHERE service_id = $1 AND starts_at = $2 AND status = 'booked'`,
        [service.consult, slot.starts_at],
      ),
    );
    expect(live.rows.map((r) => r.counter_id).sort()).toEqual([...counters].sort());
  });

  it('holds a counter across services: a booking of another service on it overlaps', async () => {
    // Cake pickup uses Counter A only, which the consultation holds at this time.
    const response = await call(admin, 'POST', '/appointments', {
      service_id: service.strict,
      starts_at: slot.starts_at,
      customer_name: 'Ms Li',
      customer_phone: '13800000000',
    });
    expect(response.json()).toMatchObject({ code: 'SS_ERR_SLOT_FULL' });
  });
});

describe('booking an event', () => {
  it('never sells more seats than the session has, under many parallel bookings', async () => {
    const session = (await slots(shopper, service.tasting)).at(-1)!;
    expect(session).toMatchObject({ capacity: 3, available: 3 });
    const couple = await call(shopper, 'POST', '/appointments', {
      service_id: service.tasting,
      starts_at: session.starts_at,
      party: 2,
    });
    expect(couple.statusCode).toBe(201);
    const tooMany = await call(await shopperToken('appt-party'), 'POST', '/appointments', {
      service_id: service.tasting,
      starts_at: session.starts_at,
      party: 3,
    });
    expect(tooMany.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'party' });
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => shopperToken(`appt-seat-${i}`)));
    const answers = await Promise.all(
      tokens.map((token) =>
        call(token, 'POST', '/appointments', { service_id: service.tasting, starts_at: session.starts_at }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.json().code === 'SS_ERR_SLOT_FULL')).toHaveLength(19);
    const seats = await t.db.tenant(tenantId, (tx) =>
      tx.query(
        `SELECT (SELECT taken FROM appointment_sessions WHERE service_id = $1 AND starts_at = $2) AS taken,
           (SELECT sum(party)::int FROM appointment_bookings WHERE service_id = $1 AND starts_at = $2 AND status = 'booked') AS booked`,
        [service.tasting, session.starts_at],
      ),
    );
    expect(seats.rows[0]).toEqual({ taken: 3, booked: 3 });

    // Cancelling frees the couple's two seats.
    const cancelled = await call(shopper, 'POST', `/appointments/${couple.json().id}/cancel`, {
      reason: 'ill',
    });
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'ill',
      cancellable_until: null,
    });
    const again = await call(shopper, 'POST', `/appointments/${couple.json().id}/cancel`, {});
    expect(again.json().status).toBe('cancelled');
    const left = (await slots(shopper, service.tasting)).find((s) => s.starts_at === session.starts_at)!;
    expect(left.available).toBe(2);
  });
});

describe('cancelling, check-in and no-shows', () => {
  it('lets a shopper cancel only up to the cut-off, and staff anytime', async () => {
    // Not the last slot: the consultation holds both counters there.
    const slot = (await slots(shopper, service.strict)).at(-3)!;
    const booked = (
      await call(shopper, 'POST', '/appointments', { service_id: service.strict, starts_at: slot.starts_at })
    ).json();
    expect(new Date(booked.cancellable_until).getTime()).toBeLessThan(Date.now());
    const late = await call(shopper, 'POST', `/appointments/${booked.id}/cancel`, {});
    expect(late.json()).toMatchObject({ code: 'SS_ERR_CANCEL_TOO_LATE' });
    const byStaff = await call(admin, 'POST', `/appointments/${booked.id}/cancel`, {
      reason: 'called the store',
    });
    expect(byStaff.json()).toMatchObject({
      status: 'cancelled',
      status_by: expect.stringMatching(/^staff:/),
    });
    const free = (await slots(shopper, service.strict)).find((s) => s.starts_at === slot.starts_at)!;
    expect(free.available).toBe(1);
  });

  it('checks a customer in around the start, and marks a no-show only once the start has passed', async () => {
    // Staff may book the slot in progress (a walk-in); shoppers see only slots ahead.
    const current = (await slots(admin, service.consult))[0]!;
    expect(new Date(current.starts_at).getTime()).toBeLessThanOrEqual(Date.now());
    const walkIns = [];
    for (const name of ['Mr Wang', 'Ms Zhao']) {
      const response = await call(admin, 'POST', '/appointments', {
        service_id: service.consult,
        starts_at: current.starts_at,
        customer_name: name,
      });
      expect(response.statusCode).toBe(201);
      walkIns.push(response.json().id);
    }
    const checkedIn = await call(admin, 'POST', `/appointments/${walkIns[0]}/check-in`);
    expect(checkedIn.json()).toMatchObject({ status: 'checked_in', status_at: expect.any(String) });
    const noShow = await call(admin, 'POST', `/appointments/${walkIns[1]}/no-show`);
    expect(noShow.json()).toMatchObject({ status: 'no_show' });
    const checkInAfter = await call(admin, 'POST', `/appointments/${walkIns[1]}/check-in`);
    expect(checkInAfter.json()).toMatchObject({ code: 'SS_ERR_BOOKING_STATUS' });
    // The no-show freed its counter for another walk-in.
    expect((await slots(admin, service.consult))[0]!.available).toBe(1);

    const later = (await slots(shopper, service.consult)).at(-2)!;
    const booked = (
      await call(shopper, 'POST', '/appointments', {
        service_id: service.consult,
        starts_at: later.starts_at,
      })
    ).json();
    const early = await call(admin, 'POST', `/appointments/${booked.id}/no-show`);
    expect(early.json()).toMatchObject({ code: 'SS_ERR_BOOKING_STATUS' });
    const tooEarly = await call(admin, 'POST', `/appointments/${booked.id}/check-in`);
    expect(tooEarly.json()).toMatchObject({ code: 'SS_ERR_BOOKING_STATUS' });
  });

  it("refuses staff booking for a shopper who is not the brand's", async () => {
    const slot = (await slots(admin, service.consult)).at(-4)!;
    const response = await call(admin, 'POST', '/appointments', {
      service_id: service.consult,
      starts_at: slot.starts_at,
      shopper_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'shopper_id' });
  });

  it('keeps shoppers to their own bookings and staff to their stores', async () => {
    const mine = (await call(shopper, 'GET', '/me/appointments')).json()[0];
    const other = await shopperToken('appt-other');
    expect((await call(other, 'GET', `/appointments/${mine.id}`)).statusCode).toBe(404);
    expect((await call(other, 'POST', `/appointments/${mine.id}/cancel`, {})).statusCode).toBe(404);
    expect((await call(shopper, 'POST', `/appointments/${mine.id}/check-in`)).statusCode).toBe(403);
    expect((await call(clerk, 'GET', `/stores/${storeId}/appointments`)).statusCode).toBe(403);
    expect((await call(clerk, 'GET', `/appointments/${mine.id}`)).statusCode).toBe(404);
    const shopperForOther = await call(shopper, 'POST', '/appointments', {
      service_id: service.consult,
      starts_at: mine.starts_at,
      customer_name: 'someone',
    });
    expect(shopperForOther.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'customer_name' });
  });
});

describe('reminders', () => {
  it('go out once per booking on the live topic and as a WeChat message, at the reminder time', async () => {
    const slot = (await slots(shopper, service.consult)).find(
      (s) => new Date(s.starts_at).getTime() > Date.now() + 3 * 3600_000 && s.available === 2,
    )!;
    const booking = (
      await call(shopper, 'POST', '/appointments', { service_id: service.consult, starts_at: slot.starts_at })
    ).json();
    const published: { topic: string; message: string }[] = [];
    const sent: SubscribeMessage[] = [];
    const channels = {
      publish: async (topic: string, message: string) => void published.push({ topic, message }),
      wechat: {
        send: async (message: SubscribeMessage) => {
          sent.push(message);
          return { status: 'sent' as const };
        },
        templateId: 'tpl-reminder',
        page: 'pages/appointments/index',
      },
    };
    const channelsOf = async () => channels;
    const start = new Date(slot.starts_at).getTime();
    expect(await sendDueReminders(t.db, channelsOf, new Date(start - 61 * 60_000))).toBe(0);
    const due = new Date(start - 59 * 60_000);
    const ours = () => published.filter((p) => JSON.parse(p.message).booking_id === booking.id);
    await sendDueReminders(t.db, channelsOf, due);
    await Promise.all([sendDueReminders(t.db, channelsOf, due), sendDueReminders(t.db, channelsOf, due)]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.topic).toMatch(/\/shopper\/.+\/offers$/);
    expect(JSON.parse(ours()[0]!.message)).toMatchObject({
      kind: 'appointment_reminder',
      title: expect.stringContaining('Skin-care'),
    });
    expect(sent.filter((m) => m.templateId === 'tpl-reminder')).toHaveLength(1);
    expect(JSON.parse(ours()[0]!.message).body).toBe(`${slot.date.slice(5)} ${slot.time} FreshMart 24h`);
    const after = (await call(shopper, 'GET', `/appointments/${booking.id}`)).json();
    expect(after.reminded_at).not.toBeNull();
  });
});
