/**
 * The marketer's section: the campaign list, the editor (new or existing) and a campaign's report,
 * by hash route. What they share lives here: the status badge, the lifecycle buttons with their
 * confirmation, and the status line at the bottom.
 */
import './campaigns.css';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { ACTIONS, type Campaign, campaignRefusal, type Status, statusLabel } from './campaign-api';
import { CampaignEditor } from './campaign-editor';
import { CampaignList } from './campaign-list';
import { CampaignReportPage } from './campaign-report';
import { dateLocale, t } from './i18n';
import { Nav } from './nav';
import { ReferralPanel } from './referral-panel';

const NEWS_MS = 8_000;

export interface Notice {
  text: string;
  error?: boolean;
}
export type Notify = (notice: Notice | undefined) => void;

export function Campaigns({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<Notice>();
  const [id, view] = path;
  // News fades after a while; an error stays until the next action.
  useEffect(() => {
    if (!notice || notice.error) return;
    const timer = setTimeout(() => setNotice(undefined), NEWS_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <div class="campaigns">
      <Nav current="campaigns" onOut={onOut} />
      <main class="page">
        {!id && <CampaignList notify={setNotice} />}
        {!id && <ReferralPanel notify={setNotice} />}
        {id === 'new' && <CampaignEditor key="new" notify={setNotice} />}
        {id && id !== 'new' && view === 'report' && (
          <CampaignReportPage key={id} id={id} notify={setNotice} />
        )}
        {id && id !== 'new' && view !== 'report' && <CampaignEditor key={id} id={id} notify={setNotice} />}
      </main>
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ?? t('campaigns.ready')}
      </footer>
    </div>
  );
}

const DAY = { day: 'numeric', month: 'short', year: 'numeric' } as const;
/** English days as `1 Jan 2026`, whatever the browser's English; Chinese as `2026年1月1日`. */
const dayFormat = (timeZone?: string) =>
  new Intl.DateTimeFormat(dateLocale() ?? 'en-GB', timeZone ? { ...DAY, timeZone } : DAY);

/**
 * A schedule's day as the marketer set it, in the stores' time (the API keeps the offset it was given:
 * 2026-01-01T00:00:00+08:00), not the browser's, which put a campaign from 1 Jan on 31 Dec west of China.
 */
export function scheduleDay(iso: string): string {
  const written = /^(\d{4})-(\d{2})-(\d{2})T.*[+-]\d{2}:\d{2}$/.exec(iso);
  if (!written) return dayFormat().format(new Date(iso));
  return dayFormat('UTC').format(Date.UTC(Number(written[1]), Number(written[2]) - 1, Number(written[3])));
}

export function StatusBadge({ status }: { status: Status }) {
  return <span class={`badge status-${status}`}>{statusLabel(status)}</span>;
}

/** The moves open to a campaign now, each asking first what it will do. */
export function LifecycleButtons({
  campaign,
  onChanged,
  notify,
}: {
  campaign: Pick<Campaign, 'id' | 'name' | 'status'>;
  onChanged: (c: Campaign) => void;
  notify: Notify;
}) {
  const [asking, setAsking] = useState<(typeof ACTIONS)[Status][number]>();
  const [busy, setBusy] = useState(false);
  async function move() {
    if (!asking) return;
    setBusy(true);
    try {
      const changed = await api.send<Campaign>('POST', `/campaigns/${campaign.id}/status`, {
        status: asking.to,
      });
      notify({ text: t('campaigns.nowStatus', { name: changed.name, status: statusLabel(changed.status) }) });
      onChanged(changed);
    } catch (error) {
      notify({ text: campaignRefusal(error).message, error: true });
    } finally {
      setBusy(false);
      setAsking(undefined);
    }
  }
  return (
    <>
      {ACTIONS[campaign.status].map((a) => (
        <button
          type="button"
          key={a.to}
          class={`small${a.danger ? ' danger' : ''}`}
          onClick={() => setAsking(a)}
        >
          {t(a.label)}
        </button>
      ))}
      {asking && (
        <div class="modal-backdrop">
          <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
            <h3 id="confirm-title">
              {t('campaigns.confirm.title', { action: t(asking.label), name: campaign.name })}
            </h3>
            <p>{t(asking.confirm)}</p>
            <div class="row end">
              <button type="button" class="link" onClick={() => setAsking(undefined)} disabled={busy}>
                {t('campaigns.confirm.cancel')}
              </button>
              <button
                type="button"
                class={asking.danger ? 'danger-solid' : 'primary'}
                onClick={move}
                disabled={busy}
              >
                {busy
                  ? t('campaigns.confirm.working')
                  : t('campaigns.confirm.yes', { action: t(asking.label).toLowerCase() })}
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
