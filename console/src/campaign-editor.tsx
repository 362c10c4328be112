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
  type Campaign,
  type Category,
  plural,
  type SkuSummary,
  skuName,
  TRIGGER_LABEL,
  type Trigger,
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
import { t } from './i18n';
import { go } from './nav';
import { ProductPicker } from './product-picker';
import { type ZoneName, ZonePicker } from './zone-picker';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** How a chip names a zone of the campaign that is on none of its stores' maps any more. */
const DELETED_ZONE: ZoneName = { name: 'Zone deleted', store: 'no longer on its map' };

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
      for (const z of zones) next.set(z.id, { name: z.name ?? 'Unnamed zone', store: store.name });
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
        notify({ text: (failure as Error).message, error: true });
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
            next.set(z.id, { name: z.name ?? 'Unnamed zone', store: store?.name ?? '' });
          }
          return next;
        });
        const onMaps = new Set(here.map((z) => z.id));
        setDeleted(zones.filter((z) => !onMaps.has(z)));
      })
      .catch((failure) => notify({ text: (failure as Error).message, error: true }));
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
          setPreviewError(`No estimate: ${(failure as Error).message}`);
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

  if (!form) return <p class="hint">Loading…</p>;
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
    ? new Map([...names, ...deletedPicked.map((z) => [z, DELETED_ZONE] as const)])
    : names;
  const reach = preview ? Math.round(preview.reachable * (1 - (Number(form.holdout_pct) || 0) / 100)) : 0;

  async function save(e: Event) {
    e.preventDefault();
    const problem = formProblem(form!);
    if (problem) {
      setError({ code: 'SS_ERR_VALIDATION', ...problem });
      notify({ text: `Not saved: ${problem.message}`, error: true });
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
      notify({ text: `“${saved.name}” saved${campaign ? '' : ' as a draft'}` });
      if (!campaign) go(`campaigns/${saved.id}`);
    } catch (failure) {
      if (failure instanceof ApiFailure) {
        const named = withNames(
          failure.body,
          (id) => skuNames.get(id) ?? categories.find((c) => c.id === id)?.name,
        );
        setError(named);
        notify({ text: `Not saved: ${inWords(named.message)}`, error: true });
      } else notify({ text: String(failure), error: true });
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
          ← Campaigns
        </a>
        <h1>{campaign ? campaign.name : t('campaigns.newTitle')}</h1>
        {campaign && <StatusBadge status={campaign.status} />}
        <span class="grow" />
        {dirty && !locked && <span class="unsaved">Unsaved changes</span>}
        {campaign && (
          <>
            {/* Scheduling or resuming applies the saved rules: save the changes first. */}
            {!dirty && <LifecycleButtons campaign={campaign} notify={notify} onChanged={setCampaign} />}
            <a class="button small" href={`#/campaigns/${campaign.id}/report`}>
              Report
            </a>
          </>
        )}
      </div>
      {locked && <p class="banner">This campaign has ended: its rules can no longer be changed.</p>}
      <div class="editor-columns">
        <fieldset class="cards" disabled={locked}>
          <Card title="Campaign">
            <label>
              Name
              <input {...input('name')} placeholder="e.g. Morning coffee" required maxLength={120} />
            </label>
            <FieldError error={error} at={['name']} />
            <div class="label">Stores</div>
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
              <p class="hint">None ticked: every store of the brand ({stores.length}).</p>
            )}
            <FieldError error={error} at={['store_ids']} />
          </Card>

          <Card title="When it fires">
            <div class="segmented" role="radiogroup" aria-label="Trigger">
              {(Object.keys(TRIGGER_LABEL) as Trigger['kind'][]).map((k) => (
                <label key={k} class={form.trigger === k ? 'on' : ''}>
                  <input
                    type="radio"
                    name="trigger"
                    value={k}
                    checked={form.trigger === k}
                    onChange={() => set({ trigger: k })}
                  />
                  {TRIGGER_LABEL[k]}
                </label>
              ))}
            </div>
            {form.trigger === 'zone_dwell' && (
              <label class="inline">
                for at least
                <input {...input('min_dwell_s')} type="number" min={5} max={3600} class="short" /> seconds
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
              <p class="hint">
                Fires once per visit when the shopper is recognised arriving (mini-program location, the
                store's beacons and the entrance).
              </p>
            )}
            {form.trigger !== 'store_arrival' && deletedPicked.length > 0 && (
              <p class="warning" data-test="zones-deleted">
                {deletedPicked.length === 1
                  ? 'A zone of this campaign was deleted from its store map: it never fires there. Take it out (×) and pick another.'
                  : `${deletedPicked.length} zones of this campaign were deleted from their store maps: it never fires there. Take them out (×) and pick others.`}
              </p>
            )}
            <FieldError error={error} at={['trigger.zones']} />
          </Card>

          <Card
            title="Who"
            hint="Only shoppers who allowed location marketing in the mini-program are ever reached."
          >
            <label>
              Visitors
              <select {...input('visitors')}>
                <option value="any">Everyone</option>
                <option value="new">First visit to the brand</option>
                <option value="returning">Returning shoppers</option>
              </select>
            </label>
            <label>
              Tags (any of)
              <input {...input('tags')} placeholder="e.g. coffee-lover, family" />
            </label>
            <FieldError error={error} at={['audience.tags_any']} />
            <div class="label">Member tiers</div>
            {tiers.length > 0 ? (
              <div class="checks">
                {tiers.map((t) => (
                  <label key={t.code} class="check">
                    <input
                      type="checkbox"
                      checked={form.tiers.includes(t.code)}
                      onChange={() => set({ tiers: toggle(form.tiers, t.code) })}
                    />
                    {t.name}
                  </label>
                ))}
              </div>
            ) : (
              <p class="hint">The brand has no member tiers yet.</p>
            )}
            {tiers.length > 0 && !form.tiers.length && (
              <p class="hint">None ticked: members of any tier, and shoppers who are not members.</p>
            )}
            <FieldError error={error} at={['audience.tiers']} />
          </Card>

          <Card
            title="When it runs"
            hint={`Start and end in your time zone (${browserZone}); hours in the store's.`}
          >
            <div class="pair">
              <label>
                Starts
                <input {...input('starts_at')} type="datetime-local" />
              </label>
              <label>
                Ends
                <input
                  {...input('ends_at')}
                  type="datetime-local"
                  aria-invalid={error?.field === 'schedule.ends_at'}
                />
              </label>
            </div>
            <FieldError error={error} at={['schedule.starts_at', 'schedule.ends_at']} />
            <div class="label">Days</div>
            <div class="days">
              {WEEKDAYS.map((d, i) => (
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
              <small class="muted">{form.weekdays.length ? '' : 'every day'}</small>
            </div>
            <FieldError error={error} at={['schedule.weekdays']} />
            <Window
              label="Only between"
              value={form.hours}
              fallback={{ from: '10:00', to: '20:00' }}
              onChange={(hours) => set({ hours })}
            />
            <FieldError error={error} at={['schedule.hours']} />
            <Window
              label="Quiet hours (never push)"
              value={form.quiet_hours}
              fallback={{ from: '21:30', to: '09:00' }}
              onChange={(quiet_hours) => set({ quiet_hours })}
            />
            <FieldError error={error} at={['schedule.quiet_hours']} />
          </Card>

          <Card title="The offer">
            <div class="segmented" role="radiogroup" aria-label="Offer">
              {(
                [
                  ['coupon', 'Coupon'],
                  ['content', 'Message'],
                  ['products', 'Products for them'],
                ] as const
              ).map(([k, label]) => (
                <label key={k} class={form.offer === k ? 'on' : ''}>
                  <input
                    type="radio"
                    name="offer"
                    value={k}
                    checked={form.offer === k}
                    onChange={() => set({ offer: k })}
                  />
                  {label}
                </label>
              ))}
            </div>
            <label>
              Title shown to the shopper
              <input {...input('title')} maxLength={60} placeholder="e.g. ¥5 off your latte" />
            </label>
            <FieldError error={error} at={['offer.title']} />
            {form.offer === 'coupon' && (
              <div class="pair three">
                <label>
                  Discount (¥)
                  <input {...input('discount_yuan')} type="number" min={0.01} step={0.01} />
                </label>
                <label>
                  Minimum spend (¥)
                  <input {...input('min_spend_yuan')} type="number" min={0} step={0.01} />
                </label>
                <label>
                  Valid for (days)
                  <input {...input('valid_days')} type="number" min={1} max={365} />
                </label>
              </div>
            )}
            {form.offer === 'content' && (
              <>
                <label>
                  Message
                  <textarea
                    name="body"
                    rows={3}
                    maxLength={500}
                    value={form.body}
                    onInput={(e) => set({ body: (e.target as HTMLTextAreaElement).value })}
                  />
                </label>
                <label>
                  Link (optional)
                  <input {...input('link')} placeholder="a mini-program page" />
                </label>
              </>
            )}
            {form.offer === 'products' && (
              <>
                <label class="inline">
                  Show
                  <input {...input('count')} type="number" min={1} max={10} class="short" /> products, chosen
                  for the shopper
                </label>
                <p class="hint">
                  In stock, on shelves in or near the zone, best sellers of the last 14 days first; the
                  store's best sellers on arrival or when the zone has too few. With nothing to show, it is
                  not sent.
                </p>
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

          <Card
            title="Products this campaign sells"
            hint="The report's sales lift counts only purchases of these; none picked: every purchase counts."
          >
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

          <Card title="Limits and measurement">
            <div class="pair">
              <label>
                At most, per shopper
                <input {...input('per_shopper')} type="number" min={1} max={100} />
              </label>
              <label>
                pushes every (hours)
                <input {...input('window_h')} type="number" min={1} />
              </label>
            </div>
            <FieldError error={error} at={['caps']} />
            <p class="hint">Across campaigns, the brand's daily limit per shopper applies too.</p>
            <label>
              Budget (offers it may give; empty: no limit)
              <input {...input('budget')} type="number" min={1} placeholder="No limit" />
            </label>
            <FieldError error={error} at={['budget_total']} />
            <label>
              Holdout: {form.holdout_pct || 0}% of eligible shoppers get nothing, to measure lift
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
            <h2>Audience</h2>
            {preview && (
              <>
                <p class="big">
                  <strong data-test="audience-size">{preview.reachable.toLocaleString()}</strong> shoppers
                  match
                </p>
                <p class="hint">
                  of {preview.consenting.toLocaleString()} who allow location marketing (
                  {preview.shoppers.toLocaleString()} in all)
                </p>
                {preview.reachable > 0 && Number(form.holdout_pct) > 0 && (
                  <p class="hint">
                    ≈ {reach.toLocaleString()} would get the offer, {form.holdout_pct}% held out.
                  </p>
                )}
                {preview.reachable === 0 && (
                  <p class="warning">No shopper matches these rules: the campaign would never push.</p>
                )}
              </>
            )}
            {!preview && !previewError && <p class="hint">Estimating…</p>}
            {previewError && <p class="error">{previewError}</p>}
          </section>
          <section class="card summary">
            <h2>Summary</h2>
            <ul>
              <li>{form.store_ids.length ? plural(form.store_ids.length, 'store') : 'Every store'}</li>
              <li>
                {TRIGGER_LABEL[form.trigger]}
                {form.trigger === 'zone_dwell' && ` ≥ ${form.min_dwell_s} s`}
                {form.trigger !== 'store_arrival' && ` · ${plural(form.zones.length, 'zone')}`}
              </li>
              <li>
                {form.per_shopper}× per shopper per {form.window_h} h · budget {form.budget || 'unlimited'}
              </li>
              <li>
                Lift counted on{' '}
                {form.category_ids.length || form.sku_ids.length
                  ? [
                      form.category_ids.length && plural(form.category_ids.length, 'category', 'categories'),
                      form.sku_ids.length && plural(form.sku_ids.length, 'product'),
                    ]
                      .filter(Boolean)
                      .join(' and ')
                  : 'every purchase'}
              </li>
            </ul>
            {!locked && (
              <button type="submit" class="primary wide" disabled={saving}>
                {saving ? 'Saving…' : campaign ? 'Save changes' : 'Save draft'}
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
            aria-label={`${label}: from`}
            value={value.from}
            onInput={(e) => onChange({ ...value, from: (e.target as HTMLInputElement).value })}
          />
          –
          <input
            type="time"
            aria-label={`${label}: to`}
            value={value.to}
            onInput={(e) => onChange({ ...value, to: (e.target as HTMLInputElement).value })}
          />
        </span>
      )}
    </div>
  );
}
