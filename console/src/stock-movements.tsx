/** A SKU's recent movements in a store: when, what, how many, by whom or what, and the balances each left. */
import { useEffect, useState } from 'preact/hooks';
import { dateLocale, t } from './i18n';
import { useEscape } from './modal';
import { refusalOf } from './refusals';
import {
  lineName,
  MOVEMENTS_SHOWN,
  type Movement,
  movements,
  reasonLabel,
  type ShelfLine,
  signed,
} from './stock-api';

/**
 * The reference as staff read it: an order's hold carries `order:<id>`, named as the Orders desk
 * numbers orders (`#` and the id's first eight characters); other holds carry their caller's own key,
 * which says nothing to a person.
 */
function reference(m: Movement): string {
  const order = m.reference?.match(/^order:([0-9a-f]{8})/);
  if (order) return t('movements.order', { order: `#${order[1]!.toUpperCase()}` });
  const held = m.kind === 'reservation' || m.kind === 'release' || (m.kind === 'sale' && m.source === 'api');
  return held ? '' : (m.reference ?? '');
}

/** What moved: on hand for most movements; for holds and their release, the units held. */
function units(m: Movement): string {
  if (m.on_hand_delta !== 0) return signed(m.on_hand_delta);
  const count = Math.abs(m.reserved_delta);
  return m.reserved_delta > 0 ? t('movements.holds', { count }) : t('movements.frees', { count });
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
  const when = new Intl.DateTimeFormat(dateLocale(), {
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
      .catch((e) => setError(refusalOf(e).message));
  }, [storeId, line.sku_id]);
  useEscape(onClose);
  return (
    <div class="modal-backdrop" role="dialog" aria-label={t('movements.label')}>
      <div class="modal wide">
        <h3>
          {t('movements.title', { name: lineName(line) })} <span class="muted">{line.code}</span>
        </h3>
        {error && <p class="error">{error}</p>}
        {!list && !error && <p class="hint">{t('movements.loading')}</p>}
        {list && list.length === 0 && <p class="empty-state">{t('movements.none')}</p>}
        {list && list.length > 0 && (
          <div class="scroll">
            <table class="grid" data-test="movements">
              <thead>
                <tr>
                  <th>{t('movements.when')}</th>
                  <th>{t('movements.what')}</th>
                  <th class="num">{t('movements.units')}</th>
                  <th>{t('movements.by')}</th>
                  <th>{t('movements.reference')}</th>
                  <th class="num">{t('movements.onHandAfter')}</th>
                  <th class="num">{t('movements.heldAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <td class="dates">{when.format(new Date(m.at))}</td>
                    <td>
                      {t(`kind.${m.kind}`)}
                      {m.reason && <small class="muted"> · {reasonLabel(m.reason)}</small>}
                    </td>
                    <td class="num">{units(m)}</td>
                    <td>{m.recorded_by?.name ?? t(`source.${m.source}`)}</td>
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
          {t('movements.newestFirst')}
          {list?.length === MOVEMENTS_SHOWN && t('movements.latest', { count: MOVEMENTS_SHOWN })}
          {timeZone && t('movements.zone', { zone: timeZone })}
          {t('movements.end')}
        </p>
        <div class="row end">
          <button type="button" onClick={onClose}>
            {t('movements.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
