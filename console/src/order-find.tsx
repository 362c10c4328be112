/**
 * The desk's "Find an order": the number a shopper reads out (#A1B2C3D4) or the pickup code they
 * show, for an order of the store of any day or status (last week's missing item, a refund). One
 * order opens; a pickup code given to several orders over time lists them to choose from.
 */
import { useState } from 'preact/hooks';
import { t } from './i18n';
import { findOrders, ORDER_NUMBER, type Order, orderNumber, PICKUP_DIGITS } from './order-api';
import { refusalOf } from './refusals';

export function FindOrder({
  storeId,
  onOpen,
  onSeveral,
  onNotice,
}: {
  storeId: string;
  onOpen: (order: Order) => void;
  onSeveral: (orders: Order[], asked: string) => void;
  onNotice: (text: string, error?: boolean) => void;
}) {
  const [asked, setAsked] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const typed = asked.trim();
    const number = ORDER_NUMBER.test(typed);
    if (!number && !PICKUP_DIGITS.test(typed)) return onNotice(t('orders.find.notOne'), true);
    // Said back as the desk writes it, whatever case or # it was typed with.
    const said = number ? orderNumber({ id: typed.replace('#', '').toLowerCase() }) : typed;
    setBusy(true);
    try {
      const found = await findOrders(storeId, typed);
      if (found.length === 0) onNotice(t('orders.find.none', { asked: said }), true);
      else if (found.length === 1) onOpen(found[0]!);
      else onSeveral(found, said);
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
