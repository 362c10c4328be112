/** A SKU's recent movements in a store: when, what, how many, by whom or what, and the balances each left. */
import { useEffect, useState } from 'preact/hooks';
import { failureOf } from './api';
import {
  lineName,
  MOVEMENTS_SHOWN,
  type Movement,
  movements,
  REASONS,
  type ShelfLine,
  signed,
} from './stock-api';
import { useEscape } from './stock-dialogs';

const KIND: Record<Movement['kind'], string> = {
  receipt: 'Received',
  sale: 'Sold',
  reservation: 'Held',
  release: 'Hold released',
  adjustment: 'Adjusted',
  transfer: 'Transfer',
  return: 'Returned',
};

const SOURCE: Record<Movement['source'], string> = {
  staff: 'Staff',
  order: 'Order',
  till: 'Till',
  refund: 'Refund',
  demo: 'Demo seed',
  api: 'Another system',
};

/**
 * The reference as staff read it: an order's hold carries `order:<id>`, named as the Orders desk
 * numbers orders (`#` and the id's first eight characters); other holds carry their caller's own key,
 * which says nothing to a person.
 */
function reference(m: Movement): string {
  const order = m.reference?.match(/^order:([0-9a-f]{8})/);
  if (order) return `order #${order[1]!.toUpperCase()}`;
  const held = m.kind === 'reservation' || m.kind === 'release' || (m.kind === 'sale' && m.source === 'api');
  return held ? '' : (m.reference ?? '');
}

/** What moved: on hand for most movements; for holds and their release, the units held. */
function units(m: Movement): string {
  if (m.on_hand_delta !== 0) return signed(m.on_hand_delta);
  return `${m.reserved_delta > 0 ? 'holds' : 'frees'} ${Math.abs(m.reserved_delta)}`;
}

export function MovementsDialog({
  storeId,
  timeZone,
  line,
  onClose,
}: {
  storeId: string;
  /** The store's: its staff read the times as the store's clocks show them (the browser's until it is known). */
  timeZone: string | undefined;
  line: ShelfLine;
  onClose: () => void;
}) {
  const when = new Intl.DateTimeFormat(undefined, {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const [list, setList] = useState<Movement[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    movements(storeId, line.sku_id)
      .then(setList)
      .catch((e) => setError(failureOf(e).message));
  }, [storeId, line.sku_id]);
  useEscape(onClose);
  return (
    <div class="modal-backdrop" role="dialog" aria-label="Movements">
      <div class="modal wide">
        <h3>
          Movements of {lineName(line)} <span class="muted">{line.code}</span>
        </h3>
        {error && <p class="error">{error}</p>}
        {!list && !error && <p class="hint">Loading…</p>}
        {list && list.length === 0 && <p class="empty-state">Nothing has moved yet in this store.</p>}
        {list && list.length > 0 && (
          <div class="scroll">
            <table class="grid" data-test="movements">
              <thead>
                <tr>
                  <th>When</th>
                  <th>What</th>
                  <th class="num">Units</th>
                  <th>By</th>
                  <th>Reference</th>
                  <th class="num">On hand after</th>
                  <th class="num">Held after</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <td class="dates">{when.format(new Date(m.at))}</td>
                    <td>
                      {KIND[m.kind]}
                      {m.reason && <small class="muted"> · {REASONS[m.reason]}</small>}
                    </td>
                    <td class="num">{units(m)}</td>
                    <td>{m.recorded_by?.name ?? SOURCE[m.source]}</td>
                    <td class="muted">{reference(m)}</td>
                    <td class="num">{m.on_hand_after}</td>
                    <td class="num">{m.reserved_after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="hint">
          Newest first{list?.length === MOVEMENTS_SHOWN && `, the latest ${MOVEMENTS_SHOWN}`}
          {timeZone && `; times in the store's time zone (${timeZone})`}.
        </p>
        <div class="row end">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
