/**
 * A manager's refund of an order, always behind a confirmation. What the API allows depends on how
 * it was paid: a WeChat Pay order is refunded through WeChat, whole or in part, and after handover
 * with the goods brought back; an order paid in demo mode (no money moved) can only be refunded whole,
 * before handover, by moving it to `refunded`.
 */
import { useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import {
  moveOrder,
  type Order,
  type OrderPayments,
  orderNumber,
  paidWithWechat,
  type RefundAsk,
  refundable,
  requestRefund,
} from './order-api';
import { refusalOf } from './refusals';

const BEFORE_HANDOVER = ['paid', 'preparing', 'ready'];

export function RefundPanel({
  order,
  payments,
  onRefunded,
}: {
  order: Order;
  payments: OrderPayments | undefined;
  onRefunded: () => void;
}) {
  const wechat = paidWithWechat(order) && payments;
  const left = wechat ? refundable(payments) : order.total_cents;
  const open = BEFORE_HANDOVER.includes(order.status) || (wechat && order.status === 'completed');
  const [whole, setWhole] = useState(true);
  const [amount, setAmount] = useState('');
  const [returned, setReturned] = useState<Record<string, number>>({});
  const [reason, setReason] = useState(() => t('refund.defaultReason'));
  /** Names the refund being confirmed: sent again after a lost answer, it is the same refund. */
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; error?: boolean }>();

  // Never a demo refund (no money back) for a WeChat Pay order whose payment is not read yet.
  if (paidWithWechat(order) && !payments) return null;
  // Nothing left to refund: what was just done stays said, a WeChat refund's until WeChat settles it.
  const settling = payments?.refunds.some((r) => r.status === 'requested' || r.status === 'processing');
  if (!open || left <= 0)
    return outcome && (!wechat || settling) ? <p class="hint refund-done">{outcome.text}</p> : null;
  const afterHandover = order.status === 'completed';
  const cents = whole ? left : Math.round(Number.parseFloat(amount) * 100);
  const valid = cents > 0 && cents <= left && reason.trim().length > 0;

  async function refund() {
    if (!confirming) return;
    setBusy(true);
    try {
      if (wechat) {
        const lines = Object.entries(returned).filter(([, qty]) => qty > 0);
        const ask: RefundAsk = {
          amount_cents: cents,
          reason: reason.trim(),
          ...(lines.length ? { returned: lines.map(([sku_id, qty]) => ({ sku_id, qty })) } : {}),
        };
        const sent = await requestRefund(order.id, confirming, ask);
        setOutcome({
          text: t('refund.sent', { amount: money(sent.amount_cents), status: sent.status }),
        });
      } else {
        await moveOrder(order.id, 'refunded', reason.trim());
        setOutcome({ text: t('refund.done', { order: orderNumber(order) }) });
      }
      setConfirming(undefined);
      // The next refund starts afresh: not the same part again by a second slip.
      setWhole(true);
      setAmount('');
      setReturned({});
      onRefunded();
    } catch (e) {
      setOutcome({ text: refusalOf(e).message, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="refund">
      <h2>{t('refund.title')}</h2>
      {wechat ? (
        <div class="segmented" role="radiogroup" aria-label={t('refund.howMuch')}>
          <label class={whole ? 'on' : ''}>
            <input type="radio" checked={whole} onChange={() => setWhole(true)} />{' '}
            {t('refund.all', { amount: money(left) })}
          </label>
          <label class={whole ? '' : 'on'}>
            <input type="radio" checked={!whole} onChange={() => setWhole(false)} /> {t('refund.part')}
          </label>
        </div>
      ) : (
        <p class="hint">{t('refund.demo')}</p>
      )}
      {wechat && !whole && (
        <label>
          {t('refund.amount')}{' '}
          <input
            class="short"
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount((e.target as HTMLInputElement).value)}
            placeholder={(left / 100).toFixed(2)}
          />
        </label>
      )}
      {wechat && afterHandover && (
        <fieldset class="returned">
          <legend>{t('refund.returned')}</legend>
          {order.lines.map((line) => (
            <label key={line.sku_id}>
              <input
                type="number"
                min={0}
                max={line.qty}
                value={returned[line.sku_id] ?? 0}
                onInput={(e) =>
                  setReturned({ ...returned, [line.sku_id]: Number((e.target as HTMLInputElement).value) })
                }
              />{' '}
              {t('refund.ofLine', { qty: line.qty, name: line.name })}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('refund.reason')}{' '}
        <input
          value={reason}
          maxLength={80}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
      </label>
      {outcome && <p class={outcome.error ? 'error' : 'hint'}>{outcome.text}</p>}
      <button
        type="button"
        class="danger"
        disabled={!valid || busy}
        onClick={() => {
          setOutcome(undefined);
          setConfirming(crypto.randomUUID());
        }}
      >
        {t('refund.button', { amount: valid ? money(cents) : '' })}
      </button>
      {confirming && (
        <div class="modal-backdrop">
          <div class="modal" role="alertdialog" aria-label={t('refund.confirmLabel')}>
            <h3>{t('refund.confirm', { amount: money(cents), order: orderNumber(order) })}</h3>
            <p>{wechat ? t('refund.wechatFinal') : t('refund.demoFinal')}</p>
            {outcome?.error && <p class="error">{outcome.text}</p>}
            <div class="row end">
              <button type="button" class="link" disabled={busy} onClick={() => setConfirming(undefined)}>
                {t('refund.keep')}
              </button>
              <button type="button" class="danger-solid" disabled={busy} onClick={refund}>
                {busy ? t('refund.busy') : t('refund.yes')}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
