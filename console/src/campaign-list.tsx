/** The brand's campaigns: filter by store and status, key numbers, and the lifecycle at hand. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Store } from './api';
import {
  type Campaign,
  type CampaignTotals,
  offerSummary,
  percent,
  STATUSES,
  type Status,
  statusLabel,
  triggerSummary,
} from './campaign-api';
import { LifecycleButtons, type Notify, StatusBadge, scheduleDay } from './campaigns';
import { t } from './i18n';
import { go } from './nav';
import { refusalOf } from './refusals';

/** A status as a tab names it: `Active`, `进行中`. */
const capitalised = (text: string) => text[0]!.toUpperCase() + text.slice(1);

export function CampaignList({ notify }: { notify: Notify }) {
  const [campaigns, setCampaigns] = useState<Campaign[]>();
  const [totals, setTotals] = useState<Map<string, CampaignTotals>>(new Map());
  const [stores, setStores] = useState<Store[]>([]);
  const [store, setStore] = useState('');
  const [status, setStatus] = useState<Status | ''>('');

  async function load() {
    try {
      const [list, numbers, brandStores] = await Promise.all([
        api.get<Campaign[]>('/campaigns'),
        api.get<CampaignTotals[]>('/campaigns/totals'),
        api.get<Store[]>('/stores'),
      ]);
      setCampaigns(list);
      setTotals(new Map(numbers.map((n) => [n.campaign_id, n])));
      setStores(brandStores);
    } catch (error) {
      notify({ text: refusalOf(error).message, error: true });
    }
  }
  useEffect(() => {
    load();
  }, []);

  const inStore = (c: Campaign) => !store || c.store_ids.length === 0 || c.store_ids.includes(store);
  const shown = campaigns?.filter((c) => inStore(c) && (!status || c.status === status)) ?? [];
  const count = (s: Status) => campaigns?.filter((c) => inStore(c) && c.status === s).length ?? 0;
  const storeNames = (ids: string[]) =>
    ids.length === 0
      ? t('campaigns.list.allStores')
      : ids
          .map((id) => stores.find((s) => s.id === id)?.name ?? t('campaigns.list.unknownStore'))
          .join(t('campaigns.list.storeSeparator'));

  return (
    <section class="campaign-list">
      <div class="page-head">
        <h1>{t('nav.campaigns')}</h1>
        <button type="button" class="primary" onClick={() => go('campaigns/new')}>
          {t('campaigns.new')}
        </button>
      </div>
      <div class="filters">
        <label class="inline">
          {t('campaigns.list.store')}
          <select
            name="store-filter"
            value={store}
            onChange={(e) => setStore((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('campaigns.list.allStores')}</option>
            {stores.map((s) => (
              <option value={s.id} key={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <div class="tabs" role="tablist" aria-label={t('campaigns.list.statusFilter')}>
          <button type="button" role="tab" aria-selected={!status} onClick={() => setStatus('')}>
            {t('campaigns.list.all')} <span>{campaigns?.filter(inStore).length ?? 0}</span>
          </button>
          {STATUSES.map((s) => (
            <button
              type="button"
              role="tab"
              key={s}
              aria-selected={status === s}
              onClick={() => setStatus(s)}
            >
              {capitalised(statusLabel(s))} <span>{count(s)}</span>
            </button>
          ))}
        </div>
      </div>
      {!campaigns && <p class="hint">{t('campaigns.list.loading')}</p>}
      {campaigns && shown.length === 0 && (
        <div class="empty-state">
          <p>
            {status
              ? t('campaigns.list.emptyStatus', { status: statusLabel(status) })
              : t('campaigns.list.empty')}
          </p>
          <button type="button" class="primary" onClick={() => go('campaigns/new')}>
            {t('campaigns.list.create')}
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <table class="grid" data-test="campaign-table">
          <thead>
            <tr>
              <th>{t('campaigns.list.campaign')}</th>
              <th>{t('campaigns.list.status')}</th>
              <th>{t('campaigns.list.runs')}</th>
              <th class="num">{t('campaigns.list.triggers')}</th>
              <th class="num">{t('campaigns.list.pushes')}</th>
              <th class="num">{t('campaigns.list.opens')}</th>
              <th class="num">{t('campaigns.list.redeemed')}</th>
              <th>{t('campaigns.list.budget')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => {
              const n = totals.get(c.id);
              return (
                <tr key={c.id} data-campaign={c.name}>
                  <td class="name">
                    <a href={`#/campaigns/${c.id}`} class="title">
                      {c.name}
                    </a>
                    <small>
                      {triggerSummary(c.trigger)} · {offerSummary(c.offer)}
                    </small>
                    <small class="muted">{storeNames(c.store_ids)}</small>
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td class="dates">
                    {scheduleDay(c.schedule.starts_at)} – {scheduleDay(c.schedule.ends_at)}
                  </td>
                  <td class="num">{n?.triggers ?? 0}</td>
                  <td class="num">{n?.pushes ?? 0}</td>
                  <td class="num">
                    {n?.opened ?? 0}
                    {n && n.pushes > 0 && <small>{percent(n.opened / n.pushes, 0)}</small>}
                  </td>
                  <td class="num">{n?.redeemed ?? 0}</td>
                  <td>
                    {c.budget_total === null ? (
                      <span class="muted">{t('campaigns.list.noLimit')}</span>
                    ) : (
                      <div
                        class="meter"
                        title={t('campaigns.list.budgetGiven', {
                          used: c.budget_used,
                          total: c.budget_total,
                        })}
                      >
                        <i style={{ width: `${Math.min(100, (100 * c.budget_used) / c.budget_total)}%` }} />
                        <small>
                          {c.budget_used} / {c.budget_total}
                        </small>
                      </div>
                    )}
                  </td>
                  <td class="actions">
                    <LifecycleButtons campaign={c} notify={notify} onChanged={load} />
                    <a class="button small" href={`#/campaigns/${c.id}/report`}>
                      {t('campaigns.report')}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
