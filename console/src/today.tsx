/**
 * Today: a store's day at a glance for those who run it, each figure a way into its section: the
 * orders desk's work and its longest wait, sales and footfall so far beside the same weekday last week
 * up to the same time of day (for those who read Footfall & sales), the SKUs running low, the shoppers waiting for an answer, the
 * day's appointments. Orders, stock and messages follow their live lines; everything is read again
 * every minute and when the window comes back into focus. The store is in the hash route (`#/today/<store id>`).
 */
import './campaigns.css';
import './today.css';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Booking, Service } from '../../commerce/appointments/schemas.js';
import { clockOf, localTime } from '../../stores/local-time.js';
import { api, signedInRole } from './api';
import { money } from './campaign-api';
import { counted, type StoreDays, storeDays } from './days-api';
import { dateLocale, language, t } from './i18n';
import { useLatestAnswer } from './latest-answer';
import { useLiveLine } from './live-line';
import { go, Nav, sectionsFor } from './nav';
import {
  ago,
  deskOrders,
  laneLabel,
  lanes,
  type Order,
  paidAt,
  type StoreTime,
  storeTime,
  WAITING_TOO_LONG_MS,
} from './order-api';
import { LIVE_LINE, type WaitingCount, waitingAt } from './service-api';
import { lineName, type StoreStock, storeStock } from './stock-api';
import { StoreSelect, useStores } from './store-select';

/** While the orders' live line is up, a read this often catches the rest (footfall, appointments). */
const SLOW_MS = 60_000;
/** While it is down, the orders desk's own pace. */
const DOWN_MS = 10_000;
/** The SKUs running low named on the page; the stock screen lists them all. */
const LOWEST_SHOWN = 5;

/** Today's appointments; null when the store offers none to book. */
type Appointments = { bookings: Booking[] } | null;

/**
 * One figure of the page, read as its `reasons` change (a word on a live line, the clock); a failed
 * read keeps the last figure beside the reason. Another store's figures are dropped at once.
 */
function useFigure<T>(storeId: string | undefined, read: (id: string) => Promise<T>, reasons: unknown[]) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const latest = useLatestAnswer();
  useEffect(() => {
    setValue(undefined);
    setError(undefined);
  }, [storeId]);
  useEffect(() => {
    if (!storeId) return;
    latest.ask(
      read(storeId),
      (answer) => {
        setValue(answer);
        setError(undefined);
      },
      setError,
    );
  }, [storeId, ...reasons]);
  return { value, error };
}

/** Counts the moments to read again: every `every` ms and when the window regains focus. */
function useClock(every: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((n) => n + 1);
    const timer = setInterval(again, every);
    addEventListener('focus', again);
    return () => {
      clearInterval(timer);
      removeEventListener('focus', again);
    };
  }, [every]);
  return tick;
}

/** Counts the words on a live line; answers the count and whether the line is up. */
function useNews(path: string | undefined): [number, boolean] {
  const [news, setNews] = useState(0);
  const live = useLiveLine(path, () => setNews((n) => n + 1));
  return [news, live];
}

async function readAppointments(storeId: string): Promise<Appointments> {
  const services = await api.get<Service[]>(`/stores/${storeId}/appointment-services`);
  if (!services.some((s) => s.active)) return null;
  return api.get<{ bookings: Booking[] }>(`/stores/${storeId}/appointments`);
}

const lowStock = (storeId: string) => storeStock(storeId, { q: '', category_id: '', low: true, offset: 0 });

/**
 * Today so far and the same weekday a week ago, the last and first of eight days, each counted up
 * to the store's time of day now.
 */
const weekSoFar = (storeId: string, timezone: string) =>
  storeDays(storeId, 8, clockOf(localTime(timezone, new Date()).minute));

const count = (n: number) => n.toLocaleString(dateLocale());

export function TodayPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [storesError, setStoresError] = useState<string>();
  const stores = useStores(setStoresError);
  const storeId = path[0] ?? stores?.[0]?.id;
  const store = stores?.find((s) => s.id === storeId);
  // Sales and footfall are the managers' (GET /stores/:id/days): a clerk's Today goes without them.
  const readsDays = sectionsFor(signedInRole()).includes('days');

  const [orderNews, ordersLive] = useNews(storeId && `/stores/${storeId}/orders/live`);
  const [stockNews] = useNews(storeId && `/stores/${storeId}/stock/live`);
  const [serviceNews] = useNews(LIVE_LINE);
  const tick = useClock(ordersLive ? SLOW_MS : DOWN_MS);

  const orders = useFigure(storeId, deskOrders, [orderNews, tick]);
  // Till sales arrive as stock movements, paid orders on the orders' line.
  const days = useFigure(readsDays ? store?.id : undefined, (id) => weekSoFar(id, store?.timezone ?? ''), [
    orderNews,
    stockNews,
    tick,
  ]);
  const low = useFigure(storeId, lowStock, [stockNews, tick]);
  const asking = useFigure(storeId, waitingAt, [serviceNews, tick]);
  const appointments = useFigure(storeId, readAppointments, [tick]);

  const time = storeTime(store?.timezone);
  const heading = new Intl.DateTimeFormat(dateLocale(), {
    timeZone: store?.timezone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(new Date());

  return (
    <div class="campaigns">
      <Nav current="today" onOut={onOut} />
      <main class="page today" data-test="today">
        <div class="page-head">
          <h1>
            {t('today.title')} <small>{heading}</small>
          </h1>
          <StoreSelect stores={stores} value={storeId} onPick={(id) => go(`today/${id}`)} />
        </div>
        {storesError && <p class="error">{storesError}</p>}
        {storeId && (
          <div class="today-tiles">
            <OrdersTile storeId={storeId} time={time} {...orders} />
            {readsDays && <SalesTile storeId={storeId} {...days} />}
            {readsDays && <FootfallTile storeId={storeId} {...days} />}
            <LowStockTile storeId={storeId} {...low} />
            <ServiceTile {...asking} />
            {appointments.value !== null && <AppointmentsTile storeId={storeId} {...appointments} />}
          </div>
        )}
      </main>
      <footer class="status" aria-live="polite">
        {orders.value
          ? ordersLive
            ? t('today.live', { time: time.clock(new Date()) })
            : t('today.polling', { seconds: DOWN_MS / 1000, time: time.clock(new Date()) })
          : t('today.loading')}
      </footer>
    </div>
  );
}

/** A tile: its name, what it shows (or why it cannot), and the way to its section. */
function Tile({
  name,
  test,
  href,
  go: goText,
  error,
  loading,
  children,
}: {
  name: string;
  test: string;
  href: string;
  go: string;
  error: string | undefined;
  loading: boolean;
  children: ComponentChildren;
}) {
  return (
    <section class="tile" data-test={test} aria-label={name}>
      <h2>{name}</h2>
      {error && <p class="error">{t('today.unreadable', { why: error })}</p>}
      {loading && !error && <p class="hint">{t('today.loading')}</p>}
      {!loading && <div class="tile-body">{children}</div>}
      <a class="tile-go" href={href}>
        {goText}
      </a>
    </section>
  );
}

type Figure<T> = { value: T | undefined; error: string | undefined };

function OrdersTile({ storeId, time, value, error }: { storeId: string; time: StoreTime } & Figure<Order[]>) {
  const byLane = value && lanes(value, time.isToday);
  const oldest = byLane?.to_prepare[0];
  const waited = oldest && Date.now() - paidAt(oldest);
  const late = waited !== undefined && waited > WAITING_TOO_LONG_MS;
  return (
    <Tile
      name={t('today.orders')}
      test="orders"
      href={`#/orders/${storeId}`}
      go={t('today.toDesk')}
      error={error}
      loading={!byLane}
    >
      <div class="counts">
        {(['to_prepare', 'preparing', 'ready'] as const).map((lane) => (
          <div key={lane} class={`count lane-${lane}`} data-lane={lane}>
            <strong>{count(byLane?.[lane].length ?? 0)}</strong>
            <span>{laneLabel(lane)}</span>
          </div>
        ))}
      </div>
      {waited === undefined ? (
        <p class="muted">{t('today.noneWaiting')}</p>
      ) : (
        <p class={`oldest${late ? ' late' : ''}`} data-test="oldest">
          {t('today.oldest', { ago: ago(waited) })}
          {late && (
            <span class="badge late">{t('today.tooLong', { minutes: WAITING_TOO_LONG_MS / 60_000 })}</span>
          )}
        </p>
      )}
    </Tile>
  );
}

/** Last week's day by its weekday, as each language names it: Saturday, 周六. */
const weekday = (day: string) =>
  new Intl.DateTimeFormat(dateLocale(), {
    weekday: language() === 'zh-CN' ? 'short' : 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));

/** Today's figure beside last week's up to the same time of day (`until`), and how far along it is. */
function AgainstLastWeek({
  day,
  until,
  now,
  then,
  shown,
}: {
  day: string;
  until: string;
  now: number;
  then: number;
  shown: string;
}) {
  const share = then > 0 ? Math.round((now / then) * 100) : undefined;
  return (
    <div class="last-week" data-test="last-week">
      <small>{t('today.lastWeek', { weekday: weekday(day), time: until, amount: shown })}</small>
      {share !== undefined && (
        <>
          <span class="progress" aria-hidden="true">
            <span style={{ width: `${Math.min(share, 100)}%` }} />
          </span>
          <small>{t('today.share', { percent: share })}</small>
        </>
      )}
    </div>
  );
}

function SalesTile({ storeId, value, error }: { storeId: string } & Figure<StoreDays>) {
  const today = value?.days.at(-1);
  const before = value?.days[0];
  return (
    <Tile
      name={t('today.sales')}
      test="sales"
      href={`#/days/${storeId}`}
      go={t('today.toDays')}
      error={error}
      loading={!today}
    >
      <strong class="figure">{money(today?.sales_cents ?? 0)}</strong>
      <small class="muted">
        {t('today.salesDetail', { orders: today?.orders ?? 0, receipts: today?.till_receipts ?? 0 })}
      </small>
      {value && before && (
        <AgainstLastWeek
          day={before.day}
          until={value.until ?? ''}
          now={today?.sales_cents ?? 0}
          then={before.sales_cents}
          shown={money(before.sales_cents)}
        />
      )}
    </Tile>
  );
}

function FootfallTile({ storeId, value, error }: { storeId: string } & Figure<StoreDays>) {
  const today = value?.days.at(-1);
  const before = value?.days[0];
  const counting = value && today && counted(value, today.day);
  return (
    <Tile
      name={t('today.visits')}
      test="footfall"
      href={`#/days/${storeId}`}
      go={t('today.toDays')}
      error={error}
      loading={!today}
    >
      <strong class="figure">{counting ? count(today.visits) : '–'}</strong>
      <small class="muted">{counting ? t('today.visitsDetail') : t('today.noBeacons')}</small>
      {counting && before && value && counted(value, before.day) && (
        <AgainstLastWeek
          day={before.day}
          until={value.until ?? ''}
          now={today.visits}
          then={before.visits}
          shown={count(before.visits)}
        />
      )}
    </Tile>
  );
}

function LowStockTile({ storeId, value, error }: { storeId: string } & Figure<StoreStock>) {
  return (
    <Tile
      name={t('today.low')}
      test="low-stock"
      href={`#/stock/${storeId}/low`}
      go={t('today.toStock')}
      error={error}
      loading={!value}
    >
      <strong class={`figure${value?.total ? ' warn' : ''}`}>{count(value?.total ?? 0)}</strong>
      <small class="muted">{t('today.lowDetail', { count: value?.low_at ?? 0 })}</small>
      {value?.total === 0 && <p class="muted">{t('today.noneLow')}</p>}
      {value && value.total > 0 && (
        <ol class="lowest">
          {value.lines.slice(0, LOWEST_SHOWN).map((line) => (
            <li key={line.sku_id} data-sku={line.code}>
              <span>{lineName(line)}</span>
              <b>{t('today.left', { count: line.available })}</b>
            </li>
          ))}
        </ol>
      )}
    </Tile>
  );
}

/** What is waiting for an answer: the store's conversations and the brand-level ones its staff also answer. */
function ServiceTile({ value, error }: Figure<WaitingCount>) {
  const waiting = (value?.store.conversations ?? 0) + (value?.brand.conversations ?? 0);
  const since = [value?.store.since, value?.brand.since].flatMap((s) => (s ? [Date.parse(s)] : []));
  const longest = since.length ? Math.min(...since) : undefined;
  return (
    <Tile
      name={t('today.service')}
      test="service"
      href="#/service"
      go={t('today.toInbox')}
      error={error}
      loading={!value}
    >
      <strong class={`figure${waiting ? ' warn' : ''}`}>
        {count(waiting)} <small class="unit">{t('today.waiting')}</small>
      </strong>
      {waiting === 0 ? (
        <small class="muted">{t('today.noneAsking')}</small>
      ) : (
        <>
          <small class="muted">
            {t('today.waitingSplit', {
              store: value?.store.conversations ?? 0,
              brand: value?.brand.conversations ?? 0,
            })}
          </small>
          {longest !== undefined && <small>{t('today.longest', { ago: ago(Date.now() - longest) })}</small>}
        </>
      )}
    </Tile>
  );
}

function AppointmentsTile({ storeId, value, error }: { storeId: string } & Figure<Appointments>) {
  const kept = value?.bookings.filter((b) => b.status !== 'cancelled') ?? [];
  const status = (s: Booking['status']) => kept.filter((b) => b.status === s).length;
  const next = kept.find((b) => b.status === 'booked' && Date.parse(b.starts_at) >= Date.now());
  return (
    <Tile
      name={t('today.appointments')}
      test="appointments"
      href={`#/appointments/${storeId}`}
      go={t('today.toAppointments')}
      error={error}
      loading={!value}
    >
      <strong class="figure">
        {count(kept.length)} <small class="unit">{t('today.booked')}</small>
      </strong>
      {kept.length === 0 ? (
        <small class="muted">{t('today.noBookings')}</small>
      ) : (
        <small class="muted">
          {t('today.bookingsDetail', {
            arrived: status('checked_in'),
            coming: status('booked'),
            missed: status('no_show'),
          })}
        </small>
      )}
      {next && <small>{t('today.next', { time: next.local_time, service: next.service.name })}</small>}
    </Tile>
  );
}
