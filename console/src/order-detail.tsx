/**
 * One order as the desk opens it beside the queue: its items and amounts, discounts, payment, where it
 * goes, and its status history (who and when); for a store manager or brand admin, its refund.
 */
import { useEffect, useState } from 'preact/hooks';
import { failureOf, signedInId } from './api';
import { money } from './campaign-api';
import {
  getOrder,
  type Order,
  type OrderPayments,
  orderNumber,
  orderPayments,
  paidWithWechat,
  type StoreTime,
  TYPE_LABEL,
} from './order-api';
import { RefundPanel } from './refund-panel';

/** Who refund: the API lets any store staff; the shop leaves money going back to its managers. */
const REFUNDERS = ['brand_admin', 'store_manager'];

export function OrderDetail({
  id,
  version,
  role,
  time,
  onClose,
  onChanged,
}: {
  id: string;
  /** Changes each time the desk reads its orders: the open order is read again with them. */
  version: number;
  role: string | undefined;
  time: StoreTime;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [order, setOrder] = useState<Order>();
  const [payments, setPayments] = useState<OrderPayments>();
  const [error, setError] = useState<string>();
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    getOrder(id)
      .then(async (found) => {
        const paid = paidWithWechat(found) ? await orderPayments(id) : undefined;
        if (!current) return;
        setOrder(found);
        setPayments(paid);
        setError(undefined);
      })
      .catch((e) => current && setError(failureOf(e).message));
    return () => {
      current = false;
    };
  }, [id, version, reads]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div class="drawer" role="dialog" aria-label={order ? `Order ${orderNumber(order)}` : 'Order'}>
      <div class="drawer-head">
        <h1>
          {order ? orderNumber(order) : 'Order'}
          {order && <small>{TYPE_LABEL[order.type]}</small>}
        </h1>
        {order && <span class={`badge order-${order.status}`}>{order.status}</span>}
        <button type="button" class="link" onClick={onClose} aria-label="Close">
          Close ✕
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      {!order && !error && <p class="hint">Loading…</p>}
      {order && (
        <>
          {order.note && (
            <section>
              <h2>Shopper's note</h2>
              <p class="note">“{order.note}”</p>
            </section>
          )}
          <Amounts order={order} />
          <Payment order={order} payments={payments} time={time} />
          {order.delivery && (
            <section>
              <h2>Deliver to</h2>
              <p>
                {order.delivery.address}
                <br />
                {order.delivery.contact_name} · {order.delivery.phone} ·{' '}
                {(order.delivery.distance_m / 1000).toFixed(1)} km from the store
              </p>
            </section>
          )}
          <History order={order} time={time} />
          {role && REFUNDERS.includes(role) && (
            <RefundPanel
              order={order}
              payments={payments}
              onRefunded={() => {
                setReads((n) => n + 1);
                onChanged();
              }}
            />
          )}
        </>
      )}
    </div>
  );
}

function Amounts({ order }: { order: Order }) {
  return (
    <section>
      <h2>Items</h2>
      <table class="grid lines">
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.sku_id}>
              <td class="num">{line.qty}×</td>
              <td>
                {line.name}
                {line.basis !== 'list' && <small class="muted"> · {line.basis} price</small>}
              </td>
              <td class="num">{money(line.unit_cents)}</td>
              <td class="num">{money(line.line_cents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <td colSpan={2}>Subtotal</td>
            <td class="num">{money(order.subtotal_cents)}</td>
          </tr>
          {order.adjustments.map((a) => (
            <tr key={a.rule} class="discount">
              <td />
              <td colSpan={2}>{a.description}</td>
              <td class="num">{money(a.amount_cents)}</td>
            </tr>
          ))}
          {order.delivery_fee_cents > 0 && (
            <tr>
              <td />
              <td colSpan={2}>Delivery</td>
              <td class="num">{money(order.delivery_fee_cents)}</td>
            </tr>
          )}
          <tr class="total">
            <td />
            <td colSpan={2}>Total</td>
            <td class="num">{money(order.total_cents)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function Payment({
  order,
  payments,
  time: { clock },
}: {
  order: Order;
  payments: OrderPayments | undefined;
  time: StoreTime;
}) {
  if (!order.paid_at) return null;
  const method = paidWithWechat(order) ? 'WeChat Pay' : 'Demo payment (no money moved)';
  return (
    <section>
      <h2>Payment</h2>
      <p>
        {method}, {money(Number(order.payment?.['amount_cents'] ?? order.total_cents))} at{' '}
        {clock(order.paid_at)}
        {order.payment?.['transaction_id'] ? (
          <small class="muted"> · {String(order.payment['transaction_id'])}</small>
        ) : null}
      </p>
      {payments && payments.refunds.length > 0 && (
        <ul class="refunds">
          {payments.refunds.map((r) => (
            <li key={r.id}>
              Refund {money(r.amount_cents)} — {r.reason} · <span class="badge">{r.status}</span> ·{' '}
              {clock(r.created_at)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Who moved the order, as the audit trail names them: you, a member of staff, the shopper, WeChat Pay, the system. */
function who(actor: string): string {
  const [kind, id] = actor.split(':');
  if (kind === 'staff') return id === signedInId() ? 'You' : 'Staff';
  if (kind === 'shopper') return 'Shopper';
  if (kind === 'wechatpay') return 'WeChat Pay';
  return 'System';
}

function History({ order, time: { clock } }: { order: Order; time: StoreTime }) {
  return (
    <section>
      <h2>History</h2>
      <ol class="history">
        {order.history.map((event) => (
          <li key={`${event.created_at}-${event.to_status}`}>
            <time>{clock(event.created_at)}</time> <strong>{event.to_status}</strong> · {who(event.actor)}
            {event.note && <small class="muted"> · {event.note}</small>}
          </li>
        ))}
      </ol>
    </section>
  );
}
