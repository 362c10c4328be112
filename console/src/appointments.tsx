/**
 * The counter staff's day: a store's bookings of one local day with what happened to each (arrived, no-show,
 * cancelled), and a booking taken for a customer on the phone or at the counter. Store and day are in the
 * hash route (`#/appointments/<store id>/<date>`).
 */
import './campaigns.css';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { t } from './i18n';
import { go, Nav } from './nav';
import { refusalOf } from './refusals';
import { StoreSelect, useStores } from './store-select';

interface Booking {
  id: string;
  service: { id: string; name: string; kind: string };
  counter: { id: string; name: string } | null;
  starts_at: string;
  local_time: string;
  party: number;
  shopper_id: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  note: string | null;
  status: 'booked' | 'checked_in' | 'no_show' | 'cancelled';
}

interface DayView {
  date: string;
  timezone: string;
  bookings: Booking[];
}

interface Service {
  id: string;
  name: string;
  active: boolean;
}

interface Slot {
  starts_at: string;
  date: string;
  time: string;
  available: number;
}

/** The server takes a check-in from an hour before the start (an earlier one would hide a no-show). */
const CHECK_IN_EARLY_MS = 60 * 60_000;

export function AppointmentsPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<{ text: string; error?: boolean }>();
  const stores = useStores((text) => setNotice({ text, error: true }));
  const storeId = path[0] ?? stores?.[0]?.id;
  const [day, setDay] = useState<DayView>();
  const [version, setVersion] = useState(0);
  /** The booking whose Cancel was clicked: a customer's booking is not dropped on one stray click. */
  const [cancelling, setCancelling] = useState<string>();
  const date = path[1] ?? day?.date;

  useEffect(() => {
    if (!storeId) return;
    api
      .get<DayView>(`/stores/${storeId}/appointments${path[1] ? `?date=${path[1]}` : ''}`)
      .then(setDay)
      .catch((e) => setNotice({ text: refusalOf(e).message, error: true }));
  }, [storeId, path[1], version]);

  async function change(booking: Booking, action: 'check-in' | 'no-show' | 'cancel', done: string) {
    try {
      await api.send('POST', `/appointments/${booking.id}/${action}`, action === 'cancel' ? {} : undefined);
      setNotice({ text: t('appointments.done', { time: booking.local_time, who: who(booking), done }) });
      setVersion((v) => v + 1);
    } catch (e) {
      setNotice({ text: refusalOf(e).message, error: true });
    }
  }

  const now = Date.now();
  return (
    <div class="campaigns">
      <Nav current="appointments" onOut={onOut} />
      <main class="page">
        <div class="page-head">
          <h1>{t('appointments.title')}</h1>
          <StoreSelect stores={stores} value={storeId} onPick={(id) => go(`appointments/${id}`)} />
          <label>
            {t('appointments.day')}{' '}
            <input
              type="date"
              value={date ?? ''}
              onChange={(e) =>
                storeId && go(`appointments/${storeId}/${(e.target as HTMLInputElement).value}`)
              }
            />
          </label>
        </div>
        {day && (
          <table class="grid" data-test="bookings">
            <thead>
              <tr>
                <th>{t('appointments.time')}</th>
                <th>{t('appointments.service')}</th>
                <th>{t('appointments.counter')}</th>
                <th>{t('appointments.customer')}</th>
                <th>{t('appointments.party')}</th>
                <th>{t('appointments.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {day.bookings.length === 0 && (
                <tr>
                  <td colSpan={7} class="hint">
                    {t('appointments.none', { date: day.date })}
                  </td>
                </tr>
              )}
              {day.bookings.map((b) => (
                <tr key={b.id} data-booking={b.id}>
                  <td>{b.local_time}</td>
                  <td>{b.service.name}</td>
                  <td>{b.counter?.name ?? '–'}</td>
                  <td>
                    {who(b)}
                    {b.customer_phone && <small> · {b.customer_phone}</small>}
                    {b.note && <small> · {b.note}</small>}
                  </td>
                  <td>{b.party}</td>
                  <td>
                    <span class={`badge booking-${b.status}`}>{t(`booking.${b.status}`)}</span>
                  </td>
                  <td class="actions">
                    {b.status === 'booked' && cancelling === b.id && (
                      <>
                        <span>{t('appointments.cancelAsk', { who: who(b) })}</span>{' '}
                        <button
                          type="button"
                          class="danger-solid small"
                          onClick={() => {
                            setCancelling(undefined);
                            change(b, 'cancel', t('appointments.didCancel'));
                          }}
                        >
                          {t('appointments.cancelYes')}
                        </button>
                        <button type="button" class="link small" onClick={() => setCancelling(undefined)}>
                          {t('appointments.keep')}
                        </button>
                      </>
                    )}
                    {b.status === 'booked' && cancelling !== b.id && (
                      <>
                        <button
                          type="button"
                          disabled={Date.parse(b.starts_at) - CHECK_IN_EARLY_MS > now}
                          title={
                            Date.parse(b.starts_at) - CHECK_IN_EARLY_MS > now
                              ? t('appointments.arrivedEarly')
                              : undefined
                          }
                          onClick={() => change(b, 'check-in', t('appointments.didArrive'))}
                        >
                          {t('appointments.arrived')}
                        </button>
                        <button
                          type="button"
                          disabled={Date.parse(b.starts_at) > now}
                          title={Date.parse(b.starts_at) > now ? t('appointments.noShowEarly') : undefined}
                          onClick={() => change(b, 'no-show', t('appointments.didNoShow'))}
                        >
                          {t('appointments.noShow')}
                        </button>
                        <button type="button" onClick={() => setCancelling(b.id)}>
                          {t('appointments.cancel')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {storeId && date && (
          <BookForCustomer
            storeId={storeId}
            date={date}
            onBooked={(text) => {
              setNotice({ text });
              setVersion((v) => v + 1);
            }}
          />
        )}
      </main>
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ?? (day ? t('appointments.zone', { zone: day.timezone }) : t('appointments.loading'))}
      </footer>
    </div>
  );
}

const who = (b: Booking) =>
  b.customer_name ?? (b.shopper_id ? t('appointments.shopper') : t('appointments.walkIn'));

/** A booking taken by staff for a customer by name: a service, one of that day's free slots, who and how many. */
function BookForCustomer({
  storeId,
  date,
  onBooked,
}: {
  storeId: string;
  date: string;
  onBooked: (text: string) => void;
}) {
  const [services, setServices] = useState<Service[]>([]);
  const [serviceId, setServiceId] = useState<string>();
  const [slots, setSlots] = useState<Slot[]>([]);
  const [form, setForm] = useState({ starts_at: '', name: '', phone: '', party: '1', note: '' });
  const [error, setError] = useState<{ message: string; field?: string | undefined }>();

  useEffect(() => {
    api.get<Service[]>(`/stores/${storeId}/appointment-services`).then((all) => {
      const active = all.filter((s) => s.active);
      setServices(active);
      setServiceId(active[0]?.id);
    });
  }, [storeId]);
  const [booked, setBooked] = useState(0);
  useEffect(() => {
    if (!serviceId) return setSlots([]);
    api
      .get<Slot[]>(`/appointment-services/${serviceId}/slots?from=${date}&days=1`)
      .then((found) => {
        const open = found.filter((s) => s.available > 0);
        setSlots(open);
        setForm((f) => ({
          ...f,
          starts_at: open.some((s) => s.starts_at === f.starts_at) ? f.starts_at : (open[0]?.starts_at ?? ''),
        }));
      })
      .catch(() => setSlots([]));
  }, [serviceId, date, booked]);

  async function book(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      const booked = await api.send<Booking>('POST', '/appointments', {
        service_id: serviceId,
        starts_at: form.starts_at,
        customer_name: form.name,
        ...(form.phone ? { customer_phone: form.phone } : {}),
        ...(form.note ? { note: form.note } : {}),
        party: Number(form.party),
      });
      setForm({ ...form, name: '', phone: '', note: '' });
      // The slot has one place fewer now.
      setBooked((n) => n + 1);
      onBooked(
        t('book.done', {
          time: booked.local_time,
          service: booked.service.name,
          name: booked.customer_name ?? '',
        }),
      );
    } catch (failed) {
      setError(refusalOf(failed));
    }
  }

  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const fieldError = (field: string) => error?.field === field && <span class="error">{error.message}</span>;
  if (services.length === 0) return null;
  return (
    <form class="card book-form" onSubmit={book} data-test="book-form">
      <h2>{t('book.title')}</h2>
      <label>
        {t('appointments.service')}
        <select value={serviceId} onChange={(e) => setServiceId((e.target as HTMLSelectElement).value)}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('appointments.time')}
        <select value={form.starts_at} onChange={set('starts_at')}>
          {slots.length === 0 && <option value="">{t('book.noTime', { date })}</option>}
          {slots.map((s) => (
            <option key={s.starts_at} value={s.starts_at}>
              {t('book.slot', { time: s.time, count: s.available })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('book.name')}
        <input value={form.name} onInput={set('name')} required maxLength={100} />
        {fieldError('customer_name')}
      </label>
      <label>
        {t('book.phone')}
        <input value={form.phone} onInput={set('phone')} />
        {fieldError('customer_phone')}
      </label>
      <label>
        {t('appointments.party')}
        <input type="number" min={1} max={50} value={form.party} onInput={set('party')} />
        {fieldError('party')}
      </label>
      <label>
        {t('book.note')}
        <input value={form.note} onInput={set('note')} maxLength={500} />
      </label>
      {error && !['customer_name', 'customer_phone', 'party'].includes(error.field ?? '') && (
        <p class="error">{error.message}</p>
      )}
      <button type="submit" class="primary" disabled={!form.starts_at}>
        {t('book.submit')}
      </button>
    </form>
  );
}
