/**
 * The brand's member-get-member programme, under the campaigns: run or pause it, the bonus for each
 * side, and what it has done (friends who joined with a code, those whose first order was completed,
 * the points given).
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import type { Notify } from './campaigns';
import { t } from './i18n';
import { refusalOf } from './refusals';

interface Program {
  active: boolean;
  referrer_points: number;
  friend_points: number;
}
interface Report {
  program: Program;
  joined: number;
  rewarded: number;
  points_given: number;
}

export function ReferralPanel({ notify }: { notify: Notify }) {
  const [report, setReport] = useState<Report>();
  const [form, setForm] = useState({ referrer: '200', friend: '100' });

  const show = (r: Report) => {
    setReport(r);
    setForm({
      referrer: String(r.program.referrer_points || 200),
      friend: String(r.program.friend_points || 100),
    });
  };
  useEffect(() => {
    api
      .get<Report>('/referral-program')
      .then(show)
      .catch((e) => notify({ text: refusalOf(e).message, error: true }));
  }, []);

  async function save(active: boolean) {
    try {
      show(
        await api.send<Report>('PUT', '/referral-program', {
          active,
          referrer_points: Number(form.referrer),
          friend_points: Number(form.friend),
        }),
      );
      notify({ text: t(active ? 'referral.nowRunning' : 'referral.nowPaused') });
    } catch (e) {
      const failure = refusalOf(e);
      notify({ text: failure.field ? `${failure.field}: ${failure.message}` : failure.message, error: true });
    }
  }

  if (!report) return null;
  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  return (
    <section class="card book-form" data-test="referral-panel">
      <h2>
        {t('referral.title', { state: t(report.program.active ? 'referral.running' : 'referral.paused') })}
      </h2>
      <label>
        {t('referral.referrerPoints')}
        <input type="number" min={0} max={100000} value={form.referrer} onInput={set('referrer')} />
      </label>
      <label>
        {t('referral.friendPoints')}
        <input type="number" min={0} max={100000} value={form.friend} onInput={set('friend')} />
      </label>
      <button type="button" class="primary" onClick={() => save(true)}>
        {t(report.program.active ? 'referral.save' : 'referral.run')}
      </button>
      {report.program.active && (
        <button type="button" onClick={() => save(false)}>
          {t('referral.pause')}
        </button>
      )}
      <p class="hint" data-test="referral-numbers">
        {t('referral.numbers', {
          joined: report.joined,
          rewarded: report.rewarded,
          points: report.points_given,
        })}
      </p>
    </section>
  );
}
