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
  triggerSummary,
} from './campaign-api';
import { LifecycleButtons, type Notify, StatusBadge, scheduleDay } from './campaigns';
import { t } from './i18n';
import { go } from './nav';

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
      notify({ text: (error as Error).message, error: true });
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
      ? 'All stores'
      : ids.map((id) => stores.find((s) => s.id === id)?.name ?? 'Unknown store').join(', ');

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
          Store
          <select
            name="store-filter"
            value={store}
            onChange={(e) => setStore((e.target as HTMLSelectElement).value)}
          >
            <option value="">All stores</option>
            {stores.map((s) => (
              <option value={s.id} key={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <div class="tabs" role="tablist" aria-label="Status">
          <button type="button" role="tab" aria-selected={!status} onClick={() => setStatus('')}>
            All <span>{campaigns?.filter(inStore).length ?? 0}</span>
          </button>
          {STATUSES.map((s) => (
            <button
              type="button"
              role="tab"
              key={s}
              aria-selected={status === s}
              onClick={() => setStatus(s)}
            >
              {s[0]!.toUpperCase() + s.slice(1)} <span>{count(s)}</span>
            </button>
          ))}
        </div>
      </div>
      {!campaigns && <p class="hint">Loading campaigns…</p>}
      {campaigns && shown.length === 0 && (
        <div class="empty-state">
          <p>No campaigns {status ? `${status} ` : ''}here yet.</p>
          <button type="button" class="primary" onClick={() => go('campaigns/new')}>
            Create a campaign
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <table class="grid" data-test="campaign-table">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Status</th>
              <th>Runs</th>
              <th class="num">Triggers</th>
              <th class="num">Pushes</th>
              <th class="num">Opens</th>
              <th class="num">Redeemed</th>
              <th>Budget</th>
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
                      <span class="muted">No limit</span>
                    ) : (
                      <div class="meter" title={`${c.budget_used} of ${c.budget_total} given`}>
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
                      Report
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
