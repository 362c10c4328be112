/**
 * Orders as rows, for the desk's finds and its earlier orders: what each was, when placed, for whom and
 * where it stands; its number opens it.
 */
import { money } from './campaign-api';
import { t } from './i18n';
import { customerOf, type Order, orderNumber, type StoreTime, statusLabel, typeLabel } from './order-api';

export function OrderTable({
  orders,
  time: { clock },
  onOpen,
}: {
  orders: readonly Order[];
  time: StoreTime;
  onOpen: (order: Order) => void;
}) {
  return (
    <table class="grid order-table">
      <thead>
        <tr>
          <th>{t('orders.col.number')}</th>
          <th>{t('orders.col.placed')}</th>
          <th>{t('orders.col.type')}</th>
          <th>{t('orders.col.customer')}</th>
          <th>{t('orders.col.status')}</th>
          <th>{t('orders.col.items')}</th>
          <th class="num">{t('orders.col.total')}</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.id} data-order={order.id}>
            <td>
              <button type="button" class="link order-no" onClick={() => onOpen(order)}>
                {orderNumber(order)}
              </button>
            </td>
            <td>{clock(order.created_at)}</td>
            <td>
              <span class={`badge type-${order.type}`}>{typeLabel(order.type)}</span>
            </td>
            <td class="customer">{customerOf(order)}</td>
            <td>
              <span class={`badge order-${order.status}`}>{statusLabel(order.status)}</span>
            </td>
            <td class="items">{order.lines.map((l) => `${l.qty}× ${l.name}`).join(', ')}</td>
            <td class="num">{money(order.total_cents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
