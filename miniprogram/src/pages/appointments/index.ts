/**
 * My appointments: upcoming bookings (with Cancel), then past ones. `?id=` (as the server's reminder
 * opens it) highlights that booking; `?store=` (the store page's "Book a service") first offers the store's
 * services, a day's slots with places left, and books the one chosen.
 */

import { api, type Booking } from '../../lib/api';
import {
  type BookingRow,
  bookingRow,
  bookingWhen,
  isUpcoming,
  type SlotDay,
  slotDays,
} from '../../lib/appointment-view';
import { checkoutKey } from '../../lib/checkout';
import { confirmed, showError } from '../../lib/feedback';
import { ApiError } from '../../lib/http';
import { type Texts, t } from '../../lib/i18n';
import { pageTexts } from '../../lib/page-texts';
import { askForReminder } from '../../lib/subscribe-messages';

/** How far ahead the slots are offered (the server's default week). */
const SLOT_DAYS = 7;

type Tap<T> = { currentTarget: { dataset: T } };

Page({
  data: {
    t: {} as Texts,
    /** The booking a reminder opened the page for, or the one just made. */
    highlight: '',
    services: [] as { id: string; name: string; description: string }[],
    serviceId: '',
    days: [] as SlotDay[],
    /** Index into `days` of the day shown. */
    day: 0,
    /** The slot's `startsAt` chosen to book. */
    chosen: '',
    /** The service's slots are loaded and none has a place left. */
    noSlots: false,
    booking: false,
    upcoming: [] as BookingRow[],
    past: [] as BookingRow[],
    loading: true,
    error: '',
  },
  bookings: [] as Booking[],
  storeNames: {} as Record<string, string>,
  /** The slot being booked and its Idempotency-Key: a retry of the same slot sends the same key. */
  attempt: null as { startsAt: string; key: string } | null,

  async onLoad(query) {
    this.setData({
      t: pageTexts('titleAppointments'),
      highlight: query.id ?? '',
    });
    if (!query.store) return;
    try {
      const services = await api.appointmentServices(query.store);
      this.setData({
        services: services.map((s) => ({ id: s.id, name: s.name, description: s.description ?? '' })),
      });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  onShow(): Promise<void> {
    return this.load();
  },

  async load(): Promise<void> {
    try {
      this.bookings = await api.myAppointments();
      await this.learnStores(this.bookings.map((b) => b.store_id));
      const now = Date.now();
      const row = (b: Booking) => bookingRow(b, this.storeNames[b.store_id] ?? '', now);
      this.setData({
        upcoming: this.bookings.filter((b) => isUpcoming(b, now)).map(row),
        past: this.bookings.filter((b) => !isUpcoming(b, now)).map(row),
        loading: false,
        error: '',
      });
    } catch (error) {
      this.setData({ loading: false, error: showError(error) });
    }
  },

  /** Bookings name their store by id; its name is asked once per store. */
  async learnStores(ids: string[]): Promise<void> {
    const unknown = [...new Set(ids)].filter((id) => !(id in this.storeNames));
    const stores = await Promise.all(unknown.map((id) => api.store(id)));
    for (const store of stores) this.storeNames[store.id] = store.name;
  },

  async chooseService(e: Tap<{ id: string }>): Promise<void> {
    this.setData({ serviceId: e.currentTarget.dataset.id, chosen: '', days: [], noSlots: false });
    await this.loadSlots();
  },

  async loadSlots(): Promise<void> {
    try {
      const days = slotDays(await api.slots(this.data.serviceId, SLOT_DAYS));
      const shown = days.findIndex((d) => d.date === this.data.days[this.data.day]?.date);
      this.setData({ days, day: Math.max(shown, 0), noSlots: days.length === 0 });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  chooseDay(e: Tap<{ index: number }>) {
    this.setData({ day: Number(e.currentTarget.dataset.index), chosen: '' });
  },

  chooseSlot(e: Tap<{ startsAt: string }>) {
    this.setData({ chosen: e.currentTarget.dataset.startsAt });
  },

  async book(): Promise<void> {
    const { serviceId, chosen } = this.data;
    if (!chosen || this.data.booking) return;
    // From the tap itself, as WeChat requires, before anything is awaited.
    await askForReminder();
    if (this.attempt?.startsAt !== chosen) this.attempt = { startsAt: chosen, key: checkoutKey() };
    this.setData({ booking: true, error: '' });
    try {
      const booking = await api.book({ service_id: serviceId, starts_at: chosen }, this.attempt.key);
      this.attempt = null;
      wx.showToast({
        title: t('appointmentMade', { service: booking.service.name, when: bookingWhen(booking) }),
        icon: 'none',
      });
      this.setData({ highlight: booking.id, chosen: '' });
      await this.load();
    } catch (error) {
      this.setData({ error: showError(error) });
      // A refusal is final for that key; only a lost answer (no status) is retried with it.
      if (error instanceof ApiError && error.status > 0) this.attempt = null;
    }
    this.setData({ booking: false });
    // The places left have changed either way (ours taken, or the slot found full).
    await this.loadSlots();
  },

  async cancel(e: Tap<{ id: string }>): Promise<void> {
    const booking = this.bookings.find((b) => b.id === e.currentTarget.dataset.id);
    if (!booking) return;
    const content = t('cancelAppointmentConfirm', {
      service: booking.service.name,
      when: bookingWhen(booking),
    });
    if (!(await confirmed(t('cancelAppointment'), content))) return;
    let refusal = '';
    try {
      await api.cancelAppointment(booking.id);
      wx.showToast({ title: t('appointmentCancelledToast'), icon: 'none' });
    } catch (error) {
      refusal = showError(error);
    }
    // Loaded again either way: a refusal may mean the booking changed meanwhile (the store checked it in).
    await this.load();
    if (refusal) this.setData({ error: refusal });
  },
});
