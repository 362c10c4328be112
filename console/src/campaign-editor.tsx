/**
 * A campaign's rules on one page, in the order a marketer thinks of them: what and where, when it
 * fires, who, when it runs, the offer, the products it sells, limits. The audience estimate beside it follows every change
 * of the audience (debounced). A 400 from the API is shown under the field it names.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, ApiFailure, api, type MapFeature, type Store } from './api';
import {
  type AudienceSize,
  both,
  type Campaign,
  type Category,
  campaignRefusal,
  counted,
  type SkuSummary,
  skuName,
  TRIGGERS,
  triggerLabel,
  type ZoneSummary,
} from './campaign-api';
import {
  audienceOf,
  type CampaignForm,
  formOf,
  formProblem,
  inWords,
  newForm,
  rulesOf,
} from './campaign-form';
import { LifecycleButtons, type Notify, StatusBadge } from './campaigns';
import { dateLocale, t } from './i18n';
import { go } from './nav';
import { ProductPicker } from './product-picker';
import { refusalOf } from './refusals';
import { type ZoneName, ZonePicker } from './zone-picker';

/** Sunday to Saturday as the schedule numbers them (0–6), short: `Sun`, `周日`. */
const weekdays = () => {
  const day = new Intl.DateTimeFormat(dateLocale() ?? 'en-GB', { weekday: 'short', timeZone: 'UTC' });
  // 4 Jan 1970 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => day.format(Date.UTC(1970, 0, 4 + i)));
};
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** How a chip names a zone of the campaign that is on none of its stores' maps any more. */
const deletedZone = (): ZoneName => ({
  name: t('campaigns.editor.deletedZone'),
  store: t('campaigns.editor.deletedZoneWhere'),
});

/**
 * Shows the API's complaint when it names one of these fields (or a part of one). The lists of
 * the form's FieldErrors do not overlap, so a complaint shows once; any other still shows below.
 */
function FieldError({ error, at }: { error: ApiError | undefined; at: string[] }) {
  const field = error?.field;
  if (!field || !at.some((a) => field === a || field.startsWith(`${a}.`))) return null;
  return (
    <p class="field-error" role="alert">
      {inWords(error.message)}
    </p>
  );
}

/** The API names a product or category it refused by id: the marketer knows it by name. */
const withNames = (error: ApiError, names: (id: string) => string | undefined): ApiError => ({
  ...error,
  message: error.message.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, (id) => {
    const name = names(id);
    return name ? `“${name}”` : id;
  }),
});

function Card({ title, children, hint }: { title: string; hint?: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {hint && <p class="hint top">{hint}</p>}
      {children}
    </section>
  );
}

export function CampaignEditor({ id, notify }: { id?: string; notify: Notify }) {
  const [form, setForm] = useState<CampaignForm>();
  const [campaign, setCampaign] = useState<Campaign>();
  /** The form as last loaded or saved: anything else is unsaved. */
  const [savedForm, setSavedForm] = useState('');
  const [stores, setStores] = useState<Store[]>([]);
  const [tiers, setTiers] = useState<{ code: string; name: string }[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  /** Names of the SKUs the campaign sells: the saved ones as the catalogue names them, then those picked. */
  const [skuNames, setSkuNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ApiError>();
  const [preview, setPreview] = useState<AudienceSize>();
  const [previewError, setPreviewError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [names, setNames] = useState<Map<string, ZoneName>>(new Map());
  /** The campaign's zones found on none of its stores' maps: deleted since it was saved. */
  const [deleted, setDeleted] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const zoneNamesLoaded = (store: Store, zones: MapFeature[]) =>
    setNames((known) => {
      const next = new Map(known);
      for (const z of zones)
        next.set(z.id, { name: z.name ?? t('campaigns.editor.unnamedZone'), store: store.name });
      return next;
    });

  useEffect(() => {
    (async () => {
      try {
        const [brandStores, ladder, brandCategories] = await Promise.all([
          api.get<Store[]>('/stores'),
          api.get<{ code: string; name: string }[]>('/member-tiers'),
          api.get<Category[]>('/catalogue/categories'),
        ]);
        setStores(brandStores);
        setTiers(ladder);
        setCategories(brandCategories);
        const c = id ? await api.get<Campaign>(`/campaigns/${id}`) : undefined;
        if (c) setCampaign(c);
        const loaded = c ? formOf(c) : newForm();
        setForm(loaded);
        setSavedForm(JSON.stringify(loaded));
        if (c?.attribution.sku_ids.length) {
          const skus = await api.get<SkuSummary[]>(`/catalogue/skus?ids=${c.attribution.sku_ids.join(',')}`);
          setSkuNames((known) => new Map([...skus.map((s) => [s.sku_id, s.name] as const), ...known]));
        }
      } catch (failure) {
        notify({ text: refusalOf(failure).message, error: true });
      }
    })();
  }, [id]);

  // The campaign's zones in one request, whatever the number of stores it runs in: a zone is
  // known deleted when it is on none of those stores' maps.
  useEffect(() => {
    if (!campaign || !('zones' in campaign.trigger) || !stores.length) return;
    const zones = campaign.trigger.zones;
    const targets = new Set(campaign.store_ids);
    api
      .get<ZoneSummary[]>(`/zones?ids=${zones.join(',')}`)
      .then((found) => {
        const here = found.filter((z) => !targets.size || targets.has(z.store_id));
        setNames((known) => {
          const next = new Map(known);
          for (const z of here) {
            const store = stores.find((s) => s.id === z.store_id);
            next.set(z.id, { name: z.name ?? t('campaigns.editor.unnamedZone'), store: store?.name ?? '' });
          }
          return next;
        });
        const onMaps = new Set(here.map((z) => z.id));
        setDeleted(zones.filter((z) => !onMaps.has(z)));
      })
      .catch((failure) => notify({ text: refusalOf(failure).message, error: true }));
  }, [campaign?.id, stores]);

  // The audience estimate, once the audience has been still for 400 ms.
  const audienceKey = form ? JSON.stringify(audienceOf(form)) : '';
  useEffect(() => {
    if (!form) return;
    const timer = setTimeout(() => {
      api
        .send<AudienceSize>('POST', '/campaigns/audience-preview', { audience: audienceOf(form) })
        .then((size) => {
          setPreview(size);
          setPreviewError(undefined);
        })
        .catch((failure) => {
          setPreview(undefined);
          setPreviewError(t('campaigns.editor.noEstimate', { why: refusalOf(failure).message }));
        });
    }, 400);
    return () => clearTimeout(timer);
  }, [audienceKey]);

  useEffect(() => {
    if (error?.field) formRef.current?.querySelector('.field-error')?.scrollIntoView({ block: 'center' });
  }, [error]);

  const dirty = form !== undefined && JSON.stringify(form) !== savedForm;
  // Closing the tab or reloading with changes not saved asks first.
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [dirty]);

  if (!form) return <p class="hint">{t('campaigns.editor.loading')}</p>;
  const set = (patch: Partial<CampaignForm>) => setForm({ ...form, ...patch });
  const input = (key: keyof CampaignForm) => ({
    name: key,
    value: form[key] as string,
    onInput: (e: Event) => set({ [key]: (e.target as HTMLInputElement).value }),
  });
  const locked = campaign?.status === 'ended';
  const zoneStores = form.store_ids.length ? stores.filter((s) => form.store_ids.includes(s.id)) : stores;
  const deletedPicked = form.zones.filter((z) => deleted.includes(z));
  const zoneNames = deletedPicked.length
    ? new Map([...names, ...deletedPicked.map((z) => [z, deletedZone()] as const)])
    : names;
  const reach = preview ? Math.round(preview.reachable * (1 - (Number(form.holdout_pct) || 0) / 100)) : 0;

  async function save(e: Event) {
    e.preventDefault();
    const problem = formProblem(form!);
    if (problem) {
      setError({ code: 'SS_ERR_VALIDATION', ...problem });
      notify({ text: t('campaigns.editor.notSaved', { why: problem.message }), error: true });
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const body = rulesOf(form!);
      const saved = campaign
        ? await api.send<Campaign>('PATCH', `/campaigns/${campaign.id}`, body)
        : await api.send<Campaign>('POST', '/campaigns', body);
      setCampaign(saved);
      setSavedForm(JSON.stringify(form));
      notify({
        text: t(campaign ? 'campaigns.editor.saved' : 'campaigns.editor.savedDraft', { name: saved.name }),
      });
      if (!campaign) go(`campaigns/${saved.id}`);
    } catch (failure) {
      if (failure instanceof ApiFailure) {
        const named = withNames(
          { ...failure.body, message: campaignRefusal(failure).message },
          (id) => skuNames.get(id) ?? categories.find((c) => c.id === id)?.name,
        );
        setError(named);
        notify({ text: t('campaigns.editor.notSaved', { why: inWords(named.message) }), error: true });
      } else notify({ text: refusalOf(failure).message, error: true });
    } finally {
      setSaving(false);
    }
  }

  const toggle = <T,>(list: T[], item: T) =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

  return (
    <form class="campaign-editor" onSubmit={save} ref={formRef} noValidate>
      <div class="page-head">
        <a href="#/campaigns" class="back">
          {t('campaigns.back')}
        </a>
        <h1>{campaign ? campaign.name : t('campaigns.newTitle')}</h1>
        {campaign && <StatusBadge status={campaign.status} />}
        <span class="grow" />
        {dirty && !locked && <span class="unsaved">{t('campaigns.editor.unsaved')}</span>}
        {campaign && (
          <>
            {/* Scheduling or resuming applies the saved rules: save the changes first. */}
            {!dirty && <LifecycleButtons campaign={campaign} notify={notify} onChanged={setCampaign} />}
            <a class="button small" href={`#/campaigns/${campaign.id}/report`}>
              {t('campaigns.report')}
            </a>
          </>
        )}
      </div>
      {locked && <p class="banner">{t('campaigns.editor.ended')}</p>}
      <div class="editor-columns">
        <fieldset class="cards" disabled={locked}>
          <Card title={t('campaigns.editor.campaign')}>
            <label>
              {t('campaigns.editor.name')}
              <input
                {...input('name')}
                placeholder={t('campaigns.editor.namePlaceholder')}
                required
                maxLength={120}
              />
            </label>
            <FieldError error={error} at={['name']} />
            <div class="label">{t('campaigns.editor.stores')}</div>
            <div class="checks">
              {stores.map((s) => (
                <label key={s.id} class="check">
                  <input
                    type="checkbox"
                    checked={form.store_ids.includes(s.id)}
                    onChange={() => set({ store_ids: toggle(form.store_ids, s.id) })}
                  />
                  {s.name} <small>{s.code}</small>
                </label>
              ))}
            </div>
            {!form.store_ids.length && (
              <p class="hint">{t('campaigns.editor.everyStoreTicked', { count: stores.length })}</p>
            )}
            <FieldError error={error} at={['store_ids']} />
          </Card>

          <Card title={t('campaigns.editor.whenItFires')}>
            <div class="segmented" role="radiogroup" aria-label={t('campaigns.editor.trigger')}>
              {TRIGGERS.map((k) => (
                <label key={k} class={form.trigger === k ? 'on' : ''}>
                  <input
                    type="radio"
                    name="trigger"
                    value={k}
                    checked={form.trigger === k}
                    onChange={() => set({ trigger: k })}
                  />
                  {triggerLabel(k)}
                </label>
              ))}
            </div>
            {form.trigger === 'zone_dwell' && (
              <label class="inline">
                {t('campaigns.editor.dwellBefore')}
                <input {...input('min_dwell_s')} type="number" min={5} max={3600} class="short" />{' '}
                {t('campaigns.editor.dwellAfter')}
              </label>
            )}
            <FieldError error={error} at={['trigger.min_dwell_s']} />
            {form.trigger !== 'store_arrival' ? (
              <ZonePicker
                stores={zoneStores}
                selected={form.zones}
                onChange={(zones) => set({ zones })}
                names={zoneNames}
                onZonesLoaded={zoneNamesLoaded}
                notify={notify}
                readOnly={locked}
              />
            ) : (
              <p class="hint">{t('campaigns.editor.arrivalHint')}</p>
            )}
            {form.trigger !== 'store_arrival' && deletedPicked.length > 0 && (
              <p class="warning" data-test="zones-deleted">
                {deletedPicked.length === 1
                  ? t('campaigns.editor.zoneDeleted')
                  : t('campaigns.editor.zonesDeleted', { count: deletedPicked.length })}
              </p>
            )}
            <FieldError error={error} at={['trigger.zones']} />
          </Card>

          <Card title={t('campaigns.editor.who')} hint={t('campaigns.editor.whoHint')}>
            <label>
              {t('campaigns.editor.visitors')}
              <select {...input('visitors')}>
                {(['any', 'new', 'returning'] as const).map((v) => (
                  <option value={v} key={v}>
                    {t(`campaigns.editor.visitors.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('campaigns.editor.tags')}
              <input {...input('tags')} placeholder={t('campaigns.editor.tagsPlaceholder')} />
            </label>
            <FieldError error={error} at={['audience.tags_any']} />
            <div class="label">{t('campaigns.editor.tiers')}</div>
            {tiers.length > 0 ? (
              <div class="checks">
                {tiers.map((tier) => (
                  <label key={tier.code} class="check">
                    <input
                      type="checkbox"
                      checked={form.tiers.includes(tier.code)}
                      onChange={() => set({ tiers: toggle(form.tiers, tier.code) })}
                    />
                    {tier.name}
                  </label>
                ))}
              </div>
            ) : (
              <p class="hint">{t('campaigns.editor.noTiers')}</p>
            )}
            {tiers.length > 0 && !form.tiers.length && <p class="hint">{t('campaigns.editor.anyTier')}</p>}
            <FieldError error={error} at={['audience.tiers']} />
            <label class="check">
              <input
                type="checkbox"
                checked={form.birthday_month}
                onChange={() => set({ birthday_month: !form.birthday_month })}
              />
              {t('campaigns.editor.birthdayMonth')}
            </label>
            {form.birthday_month && <p class="hint">{t('campaigns.editor.birthdayHint')}</p>}
            <label class="check">
              <input
                type="checkbox"
                checked={form.cart_waiting}
                onChange={() => set({ cart_waiting: !form.cart_waiting })}
              />
              {t('campaigns.editor.cartWaiting')}
            </label>
            {form.cart_waiting && <p class="hint">{t('campaigns.editor.cartWaitingHint')}</p>}
          </Card>

          <Card
            title={t('campaigns.editor.whenItRuns')}
            hint={t('campaigns.editor.whenHint', { zone: browserZone })}
          >
            <div class="pair">
              <label>
                {t('campaigns.editor.starts')}
                <input {...input('starts_at')} type="datetime-local" />
              </label>
              <label>
                {t('campaigns.editor.ends')}
                <input
                  {...input('ends_at')}
                  type="datetime-local"
                  aria-invalid={error?.field === 'schedule.ends_at'}
                />
              </label>
            </div>
            <FieldError error={error} at={['schedule.starts_at', 'schedule.ends_at']} />
            <div class="label">{t('campaigns.editor.days')}</div>
            <div class="days">
              {weekdays().map((d, i) => (
                <button
                  type="button"
                  key={d}
                  class={form.weekdays.includes(i) ? 'active small' : 'small'}
                  aria-pressed={form.weekdays.includes(i)}
                  onClick={() => set({ weekdays: toggle(form.weekdays, i).sort() })}
                >
                  {d}
                </button>
              ))}
              <small class="muted">{form.weekdays.length ? '' : t('campaigns.editor.everyDay')}</small>
            </div>
            <FieldError error={error} at={['schedule.weekdays']} />
            <Window
              label={t('campaigns.editor.onlyBetween')}
              value={form.hours}
              fallback={{ from: '10:00', to: '20:00' }}
              onChange={(hours) => set({ hours })}
            />
            <FieldError error={error} at={['schedule.hours']} />
            <Window
              label={t('campaigns.editor.quietHours')}
              value={form.quiet_hours}
              fallback={{ from: '21:30', to: '09:00' }}
              onChange={(quiet_hours) => set({ quiet_hours })}
            />
            <FieldError error={error} at={['schedule.quiet_hours']} />
          </Card>

          <Card title={t('campaigns.editor.offer')}>
            <div class="segmented" role="radiogroup" aria-label={t('campaigns.editor.offerKind')}>
              {(['coupon', 'content', 'products'] as const).map((k) => (
                <label key={k} class={form.offer === k ? 'on' : ''}>
                  <input
                    type="radio"
                    name="offer"
                    value={k}
                    checked={form.offer === k}
                    onChange={() => set({ offer: k })}
                  />
                  {t(`campaigns.editor.offer.${k}`)}
                </label>
              ))}
            </div>
            <label>
              {t('campaigns.editor.title')}
              <input
                {...input('title')}
                maxLength={60}
                placeholder={t('campaigns.editor.titlePlaceholder')}
              />
            </label>
            <FieldError error={error} at={['offer.title']} />
            {form.offer === 'coupon' && (
              <div class="pair three">
                <label>
                  {t('campaigns.editor.discount')}
                  <input {...input('discount_yuan')} type="number" min={0.01} step={0.01} />
                </label>
                <label>
                  {t('campaigns.editor.minSpend')}
                  <input {...input('min_spend_yuan')} type="number" min={0} step={0.01} />
                </label>
                <label>
                  {t('campaigns.editor.validDays')}
                  <input {...input('valid_days')} type="number" min={1} max={365} />
                </label>
              </div>
            )}
            {form.offer === 'content' && (
              <>
                <label>
                  {t('campaigns.editor.message')}
                  <textarea
                    name="body"
                    rows={3}
                    maxLength={500}
                    value={form.body}
                    onInput={(e) => set({ body: (e.target as HTMLTextAreaElement).value })}
                  />
                </label>
                <label>
                  {t('campaigns.editor.link')}
                  <input {...input('link')} placeholder={t('campaigns.editor.linkPlaceholder')} />
                </label>
              </>
            )}
            {form.offer === 'products' && (
              <>
                <label class="inline">
                  {t('campaigns.editor.showBefore')}
                  <input {...input('count')} type="number" min={1} max={10} class="short" />{' '}
                  {t('campaigns.editor.showAfter')}
                </label>
                <p class="hint">{t('campaigns.editor.productsHint')}</p>
              </>
            )}
            <FieldError
              error={error}
              at={[
                'offer.discount_cents',
                'offer.min_spend_cents',
                'offer.valid_days',
                'offer.body',
                'offer.link',
                'offer.count',
              ]}
            />
          </Card>

          <Card title={t('campaigns.editor.sells')} hint={t('campaigns.editor.sellsHint')}>
            <ProductPicker
              categories={categories}
              value={{ sku_ids: form.sku_ids, category_ids: form.category_ids }}
              skuNames={skuNames}
              onChange={set}
              onFound={(hit) => setSkuNames((known) => new Map(known).set(hit.sku_id, skuName(hit)))}
              readOnly={locked}
            />
            <FieldError error={error} at={['attribution']} />
          </Card>

          <Card title={t('campaigns.editor.limits')}>
            <div class="pair">
              <label>
                {t('campaigns.editor.perShopper')}
                <input {...input('per_shopper')} type="number" min={1} max={100} />
              </label>
              <label>
                {t('campaigns.editor.window')}
                <input {...input('window_h')} type="number" min={1} />
              </label>
            </div>
            <FieldError error={error} at={['caps']} />
            <p class="hint">{t('campaigns.editor.dailyLimitHint')}</p>
            <label>
              {t('campaigns.editor.budget')}
              <input {...input('budget')} type="number" min={1} placeholder={t('campaigns.editor.noLimit')} />
            </label>
            <FieldError error={error} at={['budget_total']} />
            <label>
              {t('campaigns.editor.holdout', { percent: form.holdout_pct || 0 })}
              <input
                name="holdout"
                type="range"
                min={0}
                max={50}
                step={1}
                value={form.holdout_pct}
                onInput={(e) => set({ holdout_pct: (e.target as HTMLInputElement).value })}
              />
            </label>
            <FieldError error={error} at={['holdout']} />
          </Card>
        </fieldset>

        <aside class="side">
          <section class="card preview" data-test="audience-preview" aria-live="polite">
            <h2>{t('campaigns.editor.audience')}</h2>
            {preview && (
              <>
                <p class="big">
                  <strong data-test="audience-size">{preview.reachable.toLocaleString(dateLocale())}</strong>{' '}
                  {t('campaigns.editor.shoppersMatch')}
                </p>
                <p class="hint">
                  {t('campaigns.editor.consenting', {
                    consenting: preview.consenting.toLocaleString(dateLocale()),
                    shoppers: preview.shoppers.toLocaleString(dateLocale()),
                  })}
                </p>
                {preview.reachable > 0 && Number(form.holdout_pct) > 0 && (
                  <p class="hint">
                    {t('campaigns.editor.reach', {
                      reach: reach.toLocaleString(dateLocale()),
                      percent: form.holdout_pct,
                    })}
                  </p>
                )}
                {preview.reachable === 0 && <p class="warning">{t('campaigns.editor.nobody')}</p>}
              </>
            )}
            {!preview && !previewError && <p class="hint">{t('campaigns.editor.estimating')}</p>}
            {previewError && <p class="error">{previewError}</p>}
          </section>
          <section class="card summary">
            <h2>{t('campaigns.editor.summary')}</h2>
            <ul>
              <li>
                {form.store_ids.length
                  ? counted(form.store_ids.length, 'store')
                  : t('campaigns.editor.everyStore')}
              </li>
              <li>
                {form.trigger === 'zone_dwell'
                  ? t('campaigns.trigger.dwell', {
                      trigger: triggerLabel(form.trigger),
                      seconds: form.min_dwell_s,
                    })
                  : triggerLabel(form.trigger)}
                {form.trigger !== 'store_arrival' && ` · ${counted(form.zones.length, 'zone')}`}
              </li>
              <li>
                {t('campaigns.editor.caps', {
                  times: form.per_shopper,
                  hours: form.window_h,
                  budget: form.budget || t('campaigns.editor.unlimited'),
                })}
              </li>
              <li>
                {t('campaigns.editor.liftOn', {
                  what:
                    both(
                      form.category_ids.length > 0 && counted(form.category_ids.length, 'category'),
                      form.sku_ids.length > 0 && counted(form.sku_ids.length, 'product'),
                    ) || t('campaigns.editor.everyPurchase'),
                })}
              </li>
            </ul>
            {!locked && (
              <button type="submit" class="primary wide" disabled={saving}>
                {saving
                  ? t('campaigns.editor.saving')
                  : t(campaign ? 'campaigns.editor.saveChanges' : 'campaigns.editor.saveDraft')}
              </button>
            )}
          </section>
        </aside>
      </div>
    </form>
  );
}

function Window({
  label,
  value,
  fallback,
  onChange,
}: {
  label: string;
  value: { from: string; to: string } | null;
  fallback: { from: string; to: string };
  onChange: (v: { from: string; to: string } | null) => void;
}) {
  return (
    <div class="window">
      <label class="check">
        <input type="checkbox" checked={value !== null} onChange={() => onChange(value ? null : fallback)} />
        {label}
      </label>
      {value && (
        <span class="times">
          <input
            type="time"
            aria-label={t('campaigns.editor.windowFrom', { window: label })}
            value={value.from}
            onInput={(e) => onChange({ ...value, from: (e.target as HTMLInputElement).value })}
          />
          –
          <input
            type="time"
            aria-label={t('campaigns.editor.windowTo', { window: label })}
            value={value.to}
            onInput={(e) => onChange({ ...value, to: (e.target as HTMLInputElement).value })}
          />
        </span>
      )}
    </div>
  );
}
