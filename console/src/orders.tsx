/**
 * The orders desk: a store's click-and-collect and delivery orders as the work they are (to prepare,
 * preparing, ready, done and refunded today), each naming whom it is for (the member's name and
 * number) and moved on by one button, and a pickup handed over on
 * the code the shopper shows; any order of the store, whatever its day, found by its number or pickup
 * code, and the orders before today. Store, view and open order are in the hash route
 * (`#/orders/<store>/<order>`, `#/orders/<store>/earlier/<order>`). It reads the orders again every few
 * seconds and when the window comes back into focus.
 */
import './campaigns.css';
import './orders.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, signedInRole } from './api';
import { money } from './campaign-api';
import { t } from './i18n';
import { useLiveLine } from './live-line';
import { go, Nav } from './nav';
import {
  ago,
  customerOf,
  deskOrders,
  FOUND_MOST,
  handOver,
  LANES,
  type Lane,
  laneLabel,
  lanes,
  lastMove,
  moveOrder,
  nextStep,
  type Order,
  orderNumber,
  paidAt,
  type Sought,
  type Step,
  type StoreTime,
  storeTime,
  typeLabel,
  WAITING_TOO_LONG_MS,
} from './order-api';
import { useOrderChime } from './order-chime';
import { OrderDetail } from './order-detail';
import { EarlierOrders } from './order-earlier';
import { FindOrder } from './order-find';
import { OrderTable } from './order-table';
import { refusalOf } from './refusals';
import { StoreSelect, useStores } from './store-select';

const REFRESH_MS = 10_000;
/** While the desk's live line is open, news brings changes; a read this often still catches anything missed. */
const LIVE_REFRESH_MS = 60_000;
/** A paid order this recent is marked new. */
const JUST_IN_MS = 2 * 60_000;

type Notice = { text: string; error?: boolean };

export function OrdersPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<Notice>();
  const [storesError, setStoresError] = useState<string>();
  const stores = useStores(setStoresError);
  const storeId = path[0] ?? stores?.[0]?.id;
  const earlier = path[1] === 'earlier';
  const openId = earlier ? path[2] : path[1];
  const { orders, loadedAt, live, unreachable, refusal, reload, tick } = useDesk(storeId);
  const [moving, setMoving] = useState<ReadonlySet<string>>(new Set());
  /** Several orders a pickup code was given to over time, to choose from. */
  const [matches, setMatches] = useState<{ orders: Order[]; asked: string; by: Sought['by'] }>();
  /** Counts the changes made from an order's detail, so the earlier orders are read again too. */
  const [changes, setChanges] = useState(0);
  // What was said of the last store's orders, or in the other view, is not about this one.
  useEffect(() => {
    setNotice(undefined);
    setMatches(undefined);
  }, [storeId, earlier]);

  async function step(order: Order, { to, done }: Step) {
    setMoving((m) => new Set(m).add(order.id));
    try {
      await moveOrder(order.id, to);
      setNotice({ text: t('orders.stepDone', { order: orderNumber(order), done }) });
    } catch (e) {
      setNotice({
        text: t('orders.stepDone', { order: orderNumber(order), done: refusalOf(e).message }),
        error: true,
      });
    } finally {
      setMoving((m) => {
        const rest = new Set(m);
        rest.delete(order.id);
        return rest;
      });
      reload();
    }
  }

  const store = stores?.find((s) => s.id === storeId);
  const time = storeTime(store?.timezone);
  const { clock } = time;
  const byLane = orders ? lanes(orders, time.isToday) : undefined;
  const view = `orders/${storeId}${earlier ? '/earlier' : ''}`;
  const open = (order: Order) => storeId && go(`${view}/${order.id}`);
  const say = (text: string, error?: boolean) => setNotice({ text, ...(error ? { error } : {}) });
  const waiting = byLane?.to_prepare.length ?? 0;
  const chime = useOrderChime(storeId, byLane?.to_prepare);
  // A clerk with the desk in a background tab sees the work waiting in the tab's title.
  useEffect(() => {
    document.title = waiting ? t('orders.tabTitle', { count: waiting }) : t('app.title');
    return () => {
      document.title = t('app.title');
    };
  });
  const problem = storesError ?? refusal;
  return (
    <div class="campaigns">
      <Nav current="orders" onOut={onOut} />
      <main class="page orders-desk">
        <div class="page-head">
          <h1>{t('orders.title')}</h1>
          <StoreSelect stores={stores} value={storeId} onPick={(id) => go(`orders/${id}`)} />
          {storeId && !refusal && (
            <HandOver
              storeId={storeId}
              orders={orders ?? []}
              time={time}
              onDone={(text, error) => {
                say(text, error);
                reload();
              }}
            />
          )}
        </div>
        {storeId && !refusal && (
          <div class="row desk-tools">
            <FindOrder
              storeId={storeId}
              onOpen={(order) => {
                setMatches(undefined);
                open(order);
              }}
              onSeveral={(found, asked, by) => setMatches({ orders: found, asked, by })}
              onNotice={say}
            />
            <button
              type="button"
              class="link"
              onClick={() => go(earlier ? `orders/${storeId}` : `orders/${storeId}/earlier`)}
            >
              {earlier ? t('orders.backToDesk') : t('orders.earlier')}
            </button>
            <button
              type="button"
              class="link"
              aria-pressed={chime.on}
              title={t('orders.chime.hint')}
              onClick={chime.toggle}
            >
              {chime.on ? t('orders.chime.on') : t('orders.chime.off')}
            </button>
          </div>
        )}
        {matches && (
          <section class="find-matches" aria-label={t('orders.find.found')}>
            <p>
              {t(
                matches.by !== 'phone'
                  ? 'orders.find.several'
                  : matches.orders.length < FOUND_MOST
                    ? 'orders.find.severalPhone'
                    : 'orders.find.newestPhone',
                { count: matches.orders.length, asked: matches.asked },
              )}{' '}
              <button type="button" class="link" onClick={() => setMatches(undefined)}>
                {t('detail.close')}
              </button>
            </p>
            <OrderTable orders={matches.orders} time={time} onOpen={open} />
          </section>
        )}
        {unreachable !== undefined && (
          <p class="banner warning" role="alert">
            {t('orders.unreachable', { why: unreachable })}
            {loadedAt ? t('orders.showingAsOf', { time: clock(loadedAt) }) : ''}
            {t('orders.retrying', { seconds: REFRESH_MS / 1000 })}
          </p>
        )}
        {problem && (
          <p class="empty-state error">
            {problem}
            {refusal && stores?.length ? t('orders.chooseStore') : ''}
          </p>
        )}
        {stores?.length === 0 && <p class="empty-state">{t('orders.noStore')}</p>}
        {storeId && earlier && !problem && (
          <EarlierOrders
            key={storeId}
            storeId={storeId}
            storeCode={store?.code}
            time={time}
            version={changes}
            onOpen={open}
          />
        )}
        {byLane && !earlier && !problem && LANES.every((lane) => byLane[lane].length === 0) && (
          <p class="empty-state">{t('orders.none')}</p>
        )}
        {byLane && !earlier && !problem && (
          <div class="lanes">
            {LANES.map((lane) => (
              <section key={lane} class={`lane lane-${lane}`} data-lane={lane} aria-label={laneLabel(lane)}>
                <h2>
                  {laneLabel(lane)} <span class="count">{byLane[lane].length}</span>
                </h2>
                {byLane[lane].length === 0 && <p class="hint">{t(`lane.empty.${lane}`)}</p>}
                {byLane[lane].map((order) => (
                  <OrderCard
                    key={order.id}
                    order={order}
                    lane={lane}
                    busy={moving.has(order.id)}
                    time={time}
                    onOpen={() => open(order)}
                    onStep={step}
                  />
                ))}
              </section>
            ))}
          </div>
        )}
      </main>
      {storeId && openId && (
        <OrderDetail
          key={openId}
          id={openId}
          version={tick}
          role={signedInRole()}
          time={time}
          onClose={() => go(view)}
          onChanged={() => {
            reload();
            setChanges((n) => n + 1);
          }}
        />
      )}
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ??
          (loadedAt
            ? live
              ? t('orders.live', { time: clock(loadedAt) })
              : t('orders.asOf', { time: clock(loadedAt), seconds: REFRESH_MS / 1000 })
            : t('orders.loading'))}
      </footer>
    </div>
  );
}

/**
 * The store's desk orders, read again whenever the store's live line says they changed (a new paid
 * order is on screen, and chimes, at once), when the window regains focus, and every REFRESH_MS
 * while the line is down or a read failed (LIVE_REFRESH_MS otherwise). A failed read keeps the last orders on
 * screen; a refusal (not this clerk's store) replaces them.
 */
function useDesk(storeId: string | undefined) {
  const [orders, setOrders] = useState<Order[]>();
  const [loadedAt, setLoadedAt] = useState<Date>();
  const [unreachable, setUnreachable] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  /** Counts the reads, so an open order's detail reads again with the desk. */
  const [tick, setTick] = useState(0);
  const reading = useRef(false);
  /** The last read failed: try again every REFRESH_MS, as the banner says, live line or not. */
  const failing = useRef(false);
  /** Asked for while a read was under way, which may have begun before the change it is to show. */
  const again = useRef(false);
  const reload = useRef<() => void>(() => {});
  const lastRead = useRef(0);
  const live = useLiveLine(storeId && `/stores/${storeId}/orders/live`, () => reload.current());
  const liveNow = useRef(live);
  liveNow.current = live;

  useEffect(() => {
    setOrders(undefined);
    setRefusal(undefined);
    setUnreachable(undefined);
    if (!storeId) return;
    let current = true;
    reload.current = async () => {
      if (reading.current) {
        again.current = true;
        return;
      }
      reading.current = true;
      lastRead.current = Date.now();
      try {
        const found = await deskOrders(storeId);
        if (!current) return;
        setOrders(found);
        setLoadedAt(new Date());
        setUnreachable(undefined);
        failing.current = false;
      } catch (e) {
        if (!current) return;
        failing.current = true;
        // The server said no (another store's orders, say): its words stand, not stale orders.
        if (e instanceof ApiFailure && e.status < 500) {
          setRefusal(refusalOf(e).message);
          setOrders(undefined);
        } else setUnreachable(e instanceof ApiFailure ? ` (${e.body.message})` : '');
      } finally {
        reading.current = false;
        if (current) setTick((t) => t + 1);
        if (current && again.current) {
          again.current = false;
          reload.current();
        }
      }
    };
    reload.current();
    const timer = setInterval(() => {
      if (!liveNow.current || failing.current || Date.now() - lastRead.current >= LIVE_REFRESH_MS)
        reload.current();
    }, REFRESH_MS);
    const onFocus = () => reload.current();
    addEventListener('focus', onFocus);
    return () => {
      current = false;
      clearInterval(timer);
      removeEventListener('focus', onFocus);
    };
  }, [storeId]);
  return { orders, loadedAt, live, unreachable, refusal, reload: () => reload.current(), tick };
}

function OrderCard({
  order,
  lane,
  busy,
  time,
  onOpen,
  onStep,
}: {
  order: Order;
  lane: Lane;
  busy: boolean;
  time: StoreTime;
  onOpen: () => void;
  onStep: (order: Order, step: Step) => void;
}) {
  const next = nextStep(order);
  const waiting = Date.now() - paidAt(order);
  const late = lane === 'to_prepare' && waiting > WAITING_TOO_LONG_MS;
  return (
    <article class={`order-card${late ? ' late' : ''}`} data-order={order.id}>
      <button type="button" class="order-open" onClick={onOpen} title={t('card.open')}>
        <span class="order-head">
          <strong class="order-no">{orderNumber(order)}</strong>
          <span class={`badge type-${order.type}`}>{typeLabel(order.type)}</span>
          {lane === 'to_prepare' && waiting < JUST_IN_MS && <span class="badge new">{t('card.new')}</span>}
          <span class="since">{whenOnCard(order, lane, waiting, time)}</span>
        </span>
        <span class={`customer${order.customer ? '' : ' muted'}`}>{customerOf(order)}</span>
        <ul class="items">
          {order.lines.map((line) => (
            <li key={line.sku_id}>
              <b>{line.qty}×</b> {line.name}
            </li>
          ))}
        </ul>
        {order.note && <span class="note">“{order.note}”</span>}
        {order.delivery && (
          <span class="address">
            {order.delivery.address} · {order.delivery.contact_name} {order.delivery.phone}
          </span>
        )}
      </button>
      <div class="order-foot">
        <span class="total">{money(order.total_cents)}</span>
        {next && (
          <button type="button" class="primary small" disabled={busy} onClick={() => onStep(order, next)}>
            {busy ? t('card.saving') : next.label}
          </button>
        )}
        {lane === 'ready' && order.type === 'pickup' && <span class="hint">{t('card.handOverHint')}</span>}
      </div>
    </article>
  );
}

function whenOnCard(order: Order, lane: Lane, waiting: number, { clock }: StoreTime): string {
  const time = clock(lastMove(order));
  if (lane === 'done')
    return order.status === 'completed' ? t('card.done', { time }) : t('card.paidAt', { time });
  if (lane === 'refunded') return t('card.refunded', { time });
  return t('card.paidAgo', { ago: ago(waiting) });
}

const PICKUP_CODE = /^(ss-pickup:[0-9a-f-]{36}:)?[0-9]{6}$/;

/**
 * The counter's hand-over: the code (or the scanned QR) the shopper shows completes their ready
 * order. When the server finds no ready order, the desk says what it knows of that code.
 */
function HandOver({
  storeId,
  orders,
  time,
  onDone,
}: {
  storeId: string;
  orders: readonly Order[];
  time: StoreTime;
  onDone: (text: string, error?: boolean) => void;
}) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const shown = code.trim();
    if (!PICKUP_CODE.test(shown)) return onDone(t('handOver.notACode'), true);
    setBusy(true);
    try {
      const order = await handOver(storeId, shown);
      setCode('');
      onDone(
        t('handOver.done', {
          order: orderNumber(order),
          items: order.lines.map((l) => `${l.qty}× ${l.name}`).join(', '),
        }),
      );
    } catch (failure) {
      onDone(`${refusalOf(failure).message}${whyNot(shown, orders, time)}`, true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="hand-over" onSubmit={submit}>
      <label>
        {t('handOver.code')}{' '}
        <input
          name="pickup-code"
          value={code}
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('handOver.placeholder')}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy || !code.trim()}>
        {busy ? t('handOver.busy') : t('handOver.submit')}
      </button>
    </form>
  );
}

/** What the desk knows of a code the server found no ready order for: the order is not ready yet, or gone. */
function whyNot(code: string, orders: readonly Order[], { clock }: StoreTime): string {
  const order = orders.find((o) => o.pickup?.code === code.slice(-6));
  if (!order) return '';
  if (order.status === 'paid' || order.status === 'preparing')
    return t('handOver.notReady', {
      order: orderNumber(order),
      status: order.status === 'paid' ? t('handOver.toPrepare') : t('handOver.beingPrepared'),
    });
  if (order.status === 'completed')
    return t('handOver.already', { order: orderNumber(order), time: clock(lastMove(order)) });
  return '';
}
