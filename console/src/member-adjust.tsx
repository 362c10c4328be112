/**
 * Goodwill points given or a mistake corrected, with the reason the member will be told, and a
 * confirm step showing the balance before and after. The adjustment gets its Idempotency-Key when
 * first confirmed and keeps it while the form is unchanged, so a double click or a retry after a lost
 * answer is posted once; a refusal (taking more than the balance) is shown in the server's words.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiFailure } from './api';
import { dateLocale, t } from './i18n';
import { type Adjustment, adjustmentKey, adjustPoints, type Member } from './member-api';
import { Modal } from './modal';
import { refusalOf } from './refusals';

/** The most one adjustment moves (the API's). */
const MOST = 1_000_000;

export function AdjustPointsDialog({
  member,
  onClose,
  onDone,
}: {
  member: Member;
  onClose: () => void;
  /** The adjustment went through: the member as the server now has them, and what to tell the user. */
  onDone: (member: Member, text: string) => void;
}) {
  const [direction, setDirection] = useState<'give' | 'take'>('give');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [reviewing, setReviewing] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ message: string; unsure?: boolean }>();
  // The adjustment being sent, its key kept across a retry; a ref, so a second click in the same
  // moment sees it before a re-render.
  const pending = useRef<Adjustment | undefined>(undefined);
  const inFlight = useRef(false);

  const n = /^\s*\d+\s*$/.test(amount) ? Number(amount) : Number.NaN;
  const points = direction === 'give' ? n : -n;
  const ready = n >= 1 && n <= MOST && reason.trim() !== '';
  const number = (value: number) => value.toLocaleString(dateLocale());
  /** An input's handler: a form edited is a new adjustment, with a new key when it is sent. */
  const edit = (set: (value: string) => void) => (e: Event) => {
    pending.current = undefined;
    setError(undefined);
    set((e.target as HTMLInputElement).value);
  };

  async function confirm() {
    if (inFlight.current) return;
    inFlight.current = true;
    pending.current ??= { key: adjustmentKey(), points, reason: reason.trim() };
    setSending(true);
    setError(undefined);
    try {
      const updated = await adjustPoints(member.id, pending.current);
      pending.current = undefined;
      onDone(
        updated,
        t(points > 0 ? 'members.adjust.gave' : 'members.adjust.took', {
          points: number(n),
          no: member.member_no,
          balance: number(updated.points_balance),
        }),
      );
    } catch (failure) {
      // A refusal changed nothing: what the user corrects next is a new adjustment.
      if (failure instanceof ApiFailure && failure.status < 500) {
        pending.current = undefined;
        setError({ message: refusalOf(failure).message });
      } else setError({ message: t('members.adjust.unsure'), unsure: true });
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  return (
    <Modal
      title={t('members.adjust.title', { no: member.member_no })}
      error={error?.message}
      cancel={t('members.adjust.cancel')}
      onClose={onClose}
      onSubmit={() => {
        if (reviewing) confirm();
        else if (ready) setReviewing(true);
      }}
      actions={
        <>
          {reviewing && (
            <button
              type="button"
              disabled={sending}
              onClick={() => {
                setError(undefined);
                setReviewing(false);
              }}
            >
              {t('members.adjust.back')}
            </button>
          )}
          <button type="submit" disabled={!ready || sending}>
            {!reviewing
              ? t('members.adjust.review')
              : sending
                ? t('members.adjust.sending')
                : error?.unsure
                  ? t('members.adjust.tryAgain')
                  : t('members.adjust.confirm')}
          </button>
        </>
      }
    >
      {!reviewing ? (
        <>
          <p>{t('members.adjust.balance', { balance: number(member.points_balance) })}</p>
          <fieldset class="segmented" aria-label={t('members.adjust.direction')}>
            {(['give', 'take'] as const).map((d) => (
              <label key={d} class={direction === d ? 'on' : ''}>
                <input
                  type="radio"
                  name="direction"
                  value={d}
                  checked={direction === d}
                  onChange={edit(() => setDirection(d))}
                />
                {t(`members.adjust.${d}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('members.adjust.points')}
            <input type="number" min={1} max={MOST} value={amount} onInput={edit(setAmount)} required />
          </label>
          <label>
            {t('members.adjust.reason')}
            <input
              value={reason}
              maxLength={200}
              placeholder={t('members.adjust.reasonPlaceholder')}
              onInput={edit(setReason)}
              required
            />
          </label>
          <p class="hint">{t('members.adjust.reasonWhy')}</p>
        </>
      ) : (
        <div class="review" data-test="review">
          <p>
            <strong>
              {t(direction === 'give' ? 'members.adjust.confirmGive' : 'members.adjust.confirmTake', {
                points: number(n),
                no: member.member_no,
              })}
            </strong>
          </p>
          <p>
            {t('members.adjust.beforeAfter', {
              before: number(member.points_balance),
              after: number(member.points_balance + points),
            })}
          </p>
          <p>{t('members.adjust.because', { reason: reason.trim() })}</p>
        </div>
      )}
    </Modal>
  );
}
