/**
 * The desk's "Find an order": the number a shopper reads out (#A1B2C3D4), the pickup code they
 * show, or their phone or its last four digits, for an order of the store of any day or status (last
 * week's missing item, a refund). One order opens; several (a pickup code given again over time, a
 * customer's orders) are listed to choose from.
 */
import { useState } from 'preact/hooks';
import { t } from './i18n';
import { findOrders, type Order, orderNumber, type Sought, sought } from './order-api';
import { refusalOf } from './refusals';

export function FindOrder({
  storeId,
  onOpen,
  onSeveral,
  onNotice,
}: {
  storeId: string;
  onOpen: (order: Order) => void;
  onSeveral: (orders: Order[], asked: string, by: Sought['by']) => void;
  onNotice: (text: string, error?: boolean) => void;
}) {
  const [asked, setAsked] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const asking = sought(asked);
    if (!asking) return onNotice(t('orders.find.notOne'), true);
    // Said back as the desk writes it, whatever case or # it was typed with.
    const said =
      asking.by === 'number'
        ? orderNumber({ id: asking.value.replace('#', '').toLowerCase() })
        : asking.value;
    setBusy(true);
    try {
      const found = await findOrders(storeId, asking);
      if (found.length === 0) onNotice(t('orders.find.none', { asked: said }), true);
      else if (found.length === 1) onOpen(found[0]!);
      else onSeveral(found, said, asking.by);
      if (found.length > 0) setAsked('');
    } catch (failure) {
      onNotice(refusalOf(failure).message, true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="find-order" onSubmit={submit}>
      <label>
        {t('orders.find.label')}{' '}
        <input
          name="find-order"
          value={asked}
          autoComplete="off"
          placeholder={t('orders.find.placeholder')}
          onInput={(e) => setAsked((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy || !asked.trim()}>
        {busy ? t('orders.find.busy') : t('orders.find.submit')}
      </button>
    </form>
  );
}
