/**
 * A manager's refund of an order, always behind a confirmation. What the API allows depends on how
 * it was paid: a WeChat Pay order is refunded through WeChat, whole or in part, and after handover
 * with the goods brought back; an order paid in demo mode (no money moved) can only be refunded whole,
 * before handover, by moving it to `refunded`.
 */
import { useState } from 'preact/hooks';
import { failureOf } from './api';
import { money } from './campaign-api';
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
  const [reason, setReason] = useState('Refund at the shopper’s request');
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
          text: `Refund of ${money(sent.amount_cents)} sent to WeChat Pay (${sent.status}); it takes effect when WeChat confirms it.`,
        });
      } else {
        await moveOrder(order.id, 'refunded', reason.trim());
        setOutcome({ text: `${orderNumber(order)} refunded; its items go back on the shelf.` });
      }
      setConfirming(undefined);
      // The next refund starts afresh: not the same part again by a second slip.
      setWhole(true);
      setAmount('');
      setReturned({});
      onRefunded();
    } catch (e) {
      setOutcome({ text: failureOf(e).message, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="refund">
      <h2>Refund</h2>
      {wechat ? (
        <div class="segmented" role="radiogroup" aria-label="How much">
          <label class={whole ? 'on' : ''}>
            <input type="radio" checked={whole} onChange={() => setWhole(true)} /> All that is left (
            {money(left)})
          </label>
          <label class={whole ? '' : 'on'}>
            <input type="radio" checked={!whole} onChange={() => setWhole(false)} /> Part of it
          </label>
        </div>
      ) : (
        <p class="hint">
          Paid in demo mode: the whole order is refunded and its items go back on the shelf; no money moves.
        </p>
      )}
      {wechat && !whole && (
        <label>
          Amount (¥){' '}
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
          <legend>Goods brought back (back on the shelf)</legend>
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
              of {line.qty} {line.name}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Reason (the shopper sees it){' '}
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
        Refund {valid ? money(cents) : ''}…
      </button>
      {confirming && (
        <div class="modal-backdrop">
          <div class="modal" role="alertdialog" aria-label="Confirm the refund">
            <h3>
              Refund {money(cents)} of {orderNumber(order)}?
            </h3>
            <p>
              {wechat
                ? 'WeChat Pay returns the money to the shopper; it cannot be taken back.'
                : 'The order is refunded and cannot be prepared or handed over any more.'}
            </p>
            {outcome?.error && <p class="error">{outcome.text}</p>}
            <div class="row end">
              <button type="button" class="link" disabled={busy} onClick={() => setConfirming(undefined)}>
                Keep the order
              </button>
              <button type="button" class="danger-solid" disabled={busy} onClick={refund}>
                {busy ? 'Refunding…' : 'Yes, refund'}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
