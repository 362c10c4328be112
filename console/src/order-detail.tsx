/**
 * One order as the desk opens it beside the queue: whom it is for, its items and amounts, discounts,
 * payment, where it goes, and its status history (who and when); for a store manager or brand admin,
 * its refund.
 */
import './members.css';
import { useEffect, useState } from 'preact/hooks';
import type { OrderStatus } from '../../commerce/orders/state.js';
import { hasRole, REFUNDERS, type Role } from '../../tenancy/roles.js';
import { signedInId } from './api';
import { money } from './campaign-api';
import { t } from './i18n';
import {
  customerOf,
  getOrder,
  type Order,
  type OrderPayments,
  orderNumber,
  orderPayments,
  paidWithWechat,
  type StoreTime,
  statusLabel,
  typeLabel,
} from './order-api';
import { RefundPanel } from './refund-panel';
import { refusalOf } from './refusals';

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
      .catch((e) => current && setError(refusalOf(e).message));
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
    <div
      class="drawer"
      role="dialog"
      aria-label={order ? t('detail.orderNo', { order: orderNumber(order) }) : t('detail.order')}
    >
      <div class="drawer-head">
        <h1>
          {order ? orderNumber(order) : t('detail.order')}
          {order && <small>{typeLabel(order.type)}</small>}
        </h1>
        {order && <span class={`badge order-${order.status}`}>{statusLabel(order.status)}</span>}
        <button type="button" class="link" onClick={onClose} aria-label={t('detail.closeLabel')}>
          {t('detail.close')}
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      {!order && !error && <p class="hint">{t('detail.loading')}</p>}
      {order && (
        <>
          <Customer order={order} />
          {order.note && (
            <section>
              <h2>{t('detail.note')}</h2>
              <p class="note">“{order.note}”</p>
            </section>
          )}
          <Amounts order={order} />
          <Payment order={order} payments={payments} time={time} />
          {order.delivery && (
            <section>
              <h2>{t('detail.deliverTo')}</h2>
              <p>
                {order.delivery.address}
                <br />
                {order.delivery.contact_name} · {order.delivery.phone} ·{' '}
                {t('detail.distance', { km: (order.delivery.distance_m / 1000).toFixed(1) })}
              </p>
            </section>
          )}
          <History order={order} time={time} />
          {role && hasRole(role as Role, REFUNDERS) && (
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

/** The member behind the order, with their tier now and the way to their page (every desk role reads members). */
function Customer({ order }: { order: Order }) {
  const { customer } = order;
  return (
    <section class="customer">
      <h2>{t('detail.customer')}</h2>
      <p>
        {customerOf(order)}
        {customer?.tier && (
          <span class={`badge tier tier-${customer.tier.code}`} data-test="tier">
            {customer.tier.name}
          </span>
        )}
        {customer && <a href={`#/members/${customer.membership_id}`}>{t('detail.memberPage')}</a>}
      </p>
    </section>
  );
}

function Amounts({ order }: { order: Order }) {
  return (
    <section>
      <h2>{t('detail.items')}</h2>
      <table class="grid lines">
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.sku_id}>
              <td class="num">{line.qty}×</td>
              <td>
                {line.name}
                {line.basis !== 'list' && (
                  <small class="muted"> · {t('detail.basis', { basis: line.basis })}</small>
                )}
              </td>
              <td class="num">{money(line.unit_cents)}</td>
              <td class="num">{money(line.line_cents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <td colSpan={2}>{t('detail.subtotal')}</td>
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
              <td colSpan={2}>{t('detail.delivery')}</td>
              <td class="num">{money(order.delivery_fee_cents)}</td>
            </tr>
          )}
          <tr class="total">
            <td />
            <td colSpan={2}>{t('detail.total')}</td>
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
  const method = paidWithWechat(order) ? t('detail.wechatPay') : t('detail.demoPay');
  return (
    <section>
      <h2>{t('detail.payment')}</h2>
      <p>
        {t('detail.paid', {
          method,
          amount: money(Number(order.payment?.['amount_cents'] ?? order.total_cents)),
          time: clock(order.paid_at),
        })}
        {order.payment?.['transaction_id'] ? (
          <small class="muted"> · {String(order.payment['transaction_id'])}</small>
        ) : null}
      </p>
      {payments && payments.refunds.length > 0 && (
        <ul class="refunds">
          {payments.refunds.map((r) => (
            <li key={r.id}>
              {t('detail.refundLine', { amount: money(r.amount_cents), reason: r.reason })} ·{' '}
              <span class="badge">{r.status}</span> · {clock(r.created_at)}
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
  if (kind === 'staff') return id === signedInId() ? t('actor.you') : t('actor.staff');
  if (kind === 'shopper') return t('actor.shopper');
  if (kind === 'wechatpay') return t('actor.wechatpay');
  return t('actor.system');
}

function History({ order, time: { clock } }: { order: Order; time: StoreTime }) {
  return (
    <section>
      <h2>{t('detail.history')}</h2>
      <ol class="history">
        {order.history.map((event) => (
          <li key={`${event.created_at}-${event.to_status}`}>
            <time>{clock(event.created_at)}</time>{' '}
            <strong>{statusLabel(event.to_status as OrderStatus)}</strong> · {who(event.actor)}
            {event.note && <small class="muted"> · {event.note}</small>}
          </li>
        ))}
      </ol>
    </section>
  );
}
