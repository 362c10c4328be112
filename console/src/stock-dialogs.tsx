/**
 * The changes staff make to a SKU's stock, each in a dialog: goods received, a count after a stock
 * take (sent as the difference, with its reason), a transfer to another of their stores. A change
 * gets its ledger key when first sent and keeps it while the form is unchanged, so a double click
 * or a retry after a lost answer is counted once; the server's refusal is shown in its words.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, type Store } from './api';
import { t } from './i18n';
import { Modal } from './modal';
import { refusalOf } from './refusals';
import {
  lineName,
  newChange,
  REASONS,
  type Reason,
  reasonLabel,
  type ShelfLine,
  type StockChange,
  sendChange,
  signed,
  stockLevel,
} from './stock-api';

export interface DialogProps {
  storeId: string;
  line: ShelfLine;
  onClose: () => void;
  /** The change went through (or had gone through before): what to tell the user. */
  onDone: (text: string) => void;
}

/** Sends one change at a time; resending after no answer reuses its key, editing the form drops it. */
function useStockChange(onDone: (text: string) => void) {
  const pending = useRef<{ change: StockChange; done: string } | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ message: string; unsure?: boolean }>();

  async function send(make: () => { change: StockChange; done: string }) {
    if (sending) return;
    pending.current ??= make();
    const { change, done } = pending.current;
    setSending(true);
    setError(undefined);
    try {
      const answer = await sendChange(change);
      pending.current = undefined;
      onDone(answer.result === 'duplicate' ? t('dialog.duplicate', { done }) : done);
    } catch (failure) {
      // A refusal changed nothing: what the user corrects next is a new change.
      if (failure instanceof ApiFailure && failure.status < 500) {
        pending.current = undefined;
        setError({ message: refusalOf(failure).message });
      } else
        setError({
          message: t('dialog.unsure'),
          unsure: true,
        });
    } finally {
      setSending(false);
    }
  }
  /** An input's handler: a form edited is a new change, with a new key when it is sent. */
  const edit = (set: (value: string) => void) => (e: Event) => {
    pending.current = undefined;
    setError(undefined);
    set((e.target as HTMLInputElement | HTMLSelectElement).value);
  };
  return { send, edit, sending, error };
}

/** A change's dialog: the SKU it is about, its fields, and the button that sends it. */
function Dialog({
  title,
  line,
  children,
  submit,
  state,
  ready,
  onClose,
  onSubmit,
}: {
  title: string;
  line: ShelfLine;
  children: ComponentChildren;
  submit: string;
  state: ReturnType<typeof useStockChange>;
  ready: boolean;
  onClose: () => void;
  onSubmit: () => void;
}) {
  return (
    <Modal
      title={title}
      error={state.error?.message}
      cancel={t('dialog.cancel')}
      onClose={onClose}
      onSubmit={onSubmit}
      actions={
        <button type="submit" disabled={!ready || state.sending}>
          {state.sending ? t('dialog.sending') : state.error?.unsure ? t('dialog.tryAgain') : submit}
        </button>
      }
    >
      <p>
        <strong>{lineName(line)}</strong> <span class="muted">{line.code}</span>
      </p>
      {children}
    </Modal>
  );
}

/** An input's value as a whole number of units, or NaN. */
const units = (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN);

export function ReceiveDialog({ storeId, line, onClose, onDone }: DialogProps) {
  const [qty, setQty] = useState('');
  const [reference, setReference] = useState('');
  const state = useStockChange(onDone);
  const n = units(qty);
  const { edit } = state;
  return (
    <Dialog
      title={t('receive.title')}
      line={line}
      submit={t('receive.submit')}
      state={state}
      ready={n >= 1}
      onClose={onClose}
      onSubmit={() =>
        state.send(() => ({
          change: newChange('/stock/movements', {
            kind: 'receipt',
            store_id: storeId,
            lines: [{ sku_id: line.sku_id, qty: n }],
            ...(reference.trim() ? { reference: reference.trim() } : {}),
          }),
          done: t('receive.done', { qty: n, name: lineName(line) }),
        }))
      }
    >
      <label>
        {t('receive.units')}
        <input type="number" min={1} max={100000} value={qty} onInput={edit(setQty)} autoFocus required />
      </label>
      <label>
        {t('receive.reference')}
        <input value={reference} maxLength={200} onInput={edit(setReference)} />
      </label>
      <p class="hint">
        {t('receive.onHand', { count: line.on_hand })}
        {n >= 1 && t('receive.after', { count: line.on_hand + n })}
      </p>
    </Dialog>
  );
}

export function AdjustDialog({ storeId, line, onClose, onDone }: DialogProps) {
  const [counted, setCounted] = useState('');
  const [reason, setReason] = useState<Reason>('count');
  const [note, setNote] = useState('');
  // The figure a count is compared with is read fresh: the list may be minutes old.
  const [shelf, setShelf] = useState<{ on_hand: number; reserved: number }>();
  const state = useStockChange(onDone);
  useEffect(() => {
    stockLevel(storeId, line.sku_id)
      .then(setShelf)
      .catch(() => setShelf({ on_hand: line.on_hand, reserved: line.reserved }));
  }, [storeId, line.sku_id]);
  const n = units(counted);
  const difference = shelf && n >= 0 ? n - shelf.on_hand : undefined;
  const { edit } = state;
  return (
    <Dialog
      title={t('adjust.title')}
      line={line}
      submit={t('adjust.submit')}
      state={state}
      ready={Boolean(difference)}
      onClose={onClose}
      onSubmit={() =>
        state.send(() => ({
          change: newChange('/stock/movements', {
            kind: 'adjustment',
            store_id: storeId,
            reason,
            lines: [{ sku_id: line.sku_id, qty: difference }],
            ...(note.trim() ? { reference: note.trim() } : {}),
          }),
          done: t('adjust.done', {
            name: lineName(line),
            difference: signed(difference ?? 0),
            // English writes the reason lower case mid-sentence; Chinese has no case.
            reason: reasonLabel(reason).toLowerCase(),
            count: n,
          }),
        }))
      }
    >
      <label>
        {t('adjust.counted')}
        <input type="number" min={0} value={counted} onInput={edit(setCounted)} autoFocus required />
      </label>
      <label>
        {t('adjust.reason')}
        <select value={reason} onChange={edit((v) => setReason(v as Reason))}>
          {REASONS.map((id) => (
            <option key={id} value={id}>
              {reasonLabel(id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('adjust.note')}
        <input value={note} maxLength={200} onInput={edit(setNote)} />
      </label>
      <p class="hint" data-test="adjust-difference">
        {!shelf
          ? t('adjust.reading')
          : (shelf.reserved
              ? t('adjust.systemHeld', { count: shelf.on_hand, held: shelf.reserved })
              : t('adjust.system', { count: shelf.on_hand })) +
            (difference === undefined
              ? t('adjust.enter')
              : difference === 0
                ? t('adjust.matches')
                : t('adjust.sent', { difference: signed(difference) }))}
      </p>
    </Dialog>
  );
}

export function TransferDialog({
  storeId,
  line,
  destinations,
  onClose,
  onDone,
}: DialogProps & { destinations: Store[] }) {
  const [to, setTo] = useState(destinations[0]?.id ?? '');
  const [qty, setQty] = useState('');
  const [reference, setReference] = useState('');
  const state = useStockChange(onDone);
  const n = units(qty);
  const { edit } = state;
  const destination = destinations.find((s) => s.id === to);
  return (
    <Dialog
      title={t('transfer.title')}
      line={line}
      submit={t('transfer.submit')}
      state={state}
      ready={n >= 1 && Boolean(destination)}
      onClose={onClose}
      onSubmit={() =>
        state.send(() => ({
          change: newChange('/stock/transfers', {
            from_store_id: storeId,
            to_store_id: to,
            lines: [{ sku_id: line.sku_id, qty: n }],
            ...(reference.trim() ? { reference: reference.trim() } : {}),
          }),
          done: t('transfer.done', { qty: n, name: lineName(line), store: destination?.name ?? '' }),
        }))
      }
    >
      <label>
        {t('transfer.to')}
        <select value={to} onChange={edit(setTo)}>
          {destinations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.code})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('transfer.units')}
        <input
          type="number"
          min={1}
          max={line.available}
          value={qty}
          onInput={edit(setQty)}
          autoFocus
          required
        />
      </label>
      <label>
        {t('transfer.reference')}
        <input value={reference} maxLength={200} onInput={edit(setReference)} />
      </label>
      <p class="hint">{t('transfer.available', { count: line.available })}</p>
    </Dialog>
  );
}
