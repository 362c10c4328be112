/**
 * The changes staff make to a SKU's stock, each in a dialog: goods received, a count after a stock
 * take (sent as the difference, with its reason), a transfer to another of their stores. A change
 * gets its ledger key when first sent and keeps it while the form is unchanged, so a double click
 * or a retry after a lost answer is counted once; the server's refusal is shown in its words.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, type Store } from './api';
import {
  lineName,
  newChange,
  REASONS,
  type Reason,
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
      onDone(answer.result === 'duplicate' ? `Already recorded, counted once: ${done}` : done);
    } catch (failure) {
      // A refusal changed nothing: what the user corrects next is a new change.
      if (failure instanceof ApiFailure && failure.status < 500) {
        pending.current = undefined;
        setError({ message: failure.body.message });
      } else
        setError({
          message:
            'No answer from the server, so it may or may not be recorded. Try again sends the same record: it is counted once.',
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

/** Escape closes a dialog, as the Cancel button does. */
export function useEscape(onClose: () => void) {
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    addEventListener('keydown', close);
    return () => removeEventListener('keydown', close);
  }, [onClose]);
}

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
  useEscape(onClose);
  return (
    <div class="modal-backdrop" role="dialog" aria-label={title}>
      <form
        class="modal"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <h3>{title}</h3>
        <p>
          <strong>{lineName(line)}</strong> <span class="muted">{line.code}</span>
        </p>
        {children}
        {state.error && (
          <p class="field-error" role="alert">
            {state.error.message}
          </p>
        )}
        <div class="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={!ready || state.sending}>
            {state.sending ? 'Sending…' : state.error?.unsure ? 'Try again' : submit}
          </button>
        </div>
      </form>
    </div>
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
      title="Receive goods"
      line={line}
      submit="Receive"
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
          done: `Received ${n} × ${lineName(line)}`,
        }))
      }
    >
      <label>
        Units received
        <input type="number" min={1} max={100000} value={qty} onInput={edit(setQty)} autoFocus required />
      </label>
      <label>
        Delivery note or reference (optional)
        <input value={reference} maxLength={200} onInput={edit(setReference)} />
      </label>
      <p class="hint">
        On hand now: {line.on_hand}
        {n >= 1 && `, ${line.on_hand + n} after`}
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
      title="Adjust stock"
      line={line}
      submit="Adjust"
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
          done: `Adjusted ${lineName(line)} by ${signed(difference ?? 0)} (${REASONS[reason].toLowerCase()}): ${n} on hand`,
        }))
      }
    >
      <label>
        Units on the shelf now
        <input type="number" min={0} value={counted} onInput={edit(setCounted)} autoFocus required />
      </label>
      <label>
        Reason
        <select value={reason} onChange={edit((v) => setReason(v as Reason))}>
          {Object.entries(REASONS).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note (optional)
        <input value={note} maxLength={200} onInput={edit(setNote)} />
      </label>
      <p class="hint" data-test="adjust-difference">
        {!shelf
          ? 'Reading the system figure…'
          : `The system says ${shelf.on_hand} on hand${shelf.reserved ? `, ${shelf.reserved} of them held for unpaid orders` : ''}. ${
              difference === undefined
                ? 'Enter what you counted.'
                : difference === 0
                  ? 'Your count matches: nothing to adjust.'
                  : `The adjustment sent is ${signed(difference)}.`
            }`}
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
      title="Transfer to another store"
      line={line}
      submit="Transfer"
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
          done: `Transferred ${n} × ${lineName(line)} to ${destination?.name}`,
        }))
      }
    >
      <label>
        To store
        <select value={to} onChange={edit(setTo)}>
          {destinations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.code})
            </option>
          ))}
        </select>
      </label>
      <label>
        Units
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
        Reference (optional)
        <input value={reference} maxLength={200} onInput={edit(setReference)} />
      </label>
      <p class="hint">{line.available} available to send (on hand less what unpaid orders hold).</p>
    </Dialog>
  );
}
