/**
 * The editor's form as the inputs hold it (text, local date-times, yuan) and its conversion to and
 * from the campaign rules the API takes. A value the browser cannot read as a number is sent as
 * typed, so the API's 400 names the field and the editor shows it there.
 */
import type { Campaign, CampaignRules, Offer, Trigger } from './campaign-api';
import { type TextKey, t } from './i18n';

export interface CampaignForm {
  name: string;
  store_ids: string[];
  trigger: Trigger['kind'];
  zones: string[];
  min_dwell_s: string;
  visitors: 'any' | 'new' | 'returning';
  tags: string;
  /** Tier codes of the brand's ladder. */
  tiers: string[];
  birthday_month: boolean;
  cart_waiting: boolean;
  starts_at: string;
  ends_at: string;
  weekdays: number[];
  hours: { from: string; to: string } | null;
  quiet_hours: { from: string; to: string } | null;
  offer: Offer['kind'];
  title: string;
  discount_yuan: string;
  min_spend_yuan: string;
  valid_days: string;
  body: string;
  link: string;
  count: string;
  per_shopper: string;
  window_h: string;
  budget: string;
  holdout_pct: string;
  sku_ids: string[];
  category_ids: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An ISO instant as a `datetime-local` value, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const fromLocalInput = (value: string) => {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
};

/** A number when the text is one; the text itself otherwise (the API names what is wrong). */
const number = (text: string): number => {
  const n = Number(text.trim());
  return (text.trim() === '' || Number.isNaN(n) ? text : n) as number;
};
const cents = (yuan: string): number => {
  const n = Number(yuan.trim());
  return (yuan.trim() === '' || Number.isNaN(n) ? yuan : Math.round(n * 100)) as number;
};
const list = (text: string) =>
  text
    .split(/[,，;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function newForm(now = new Date()): CampaignForm {
  const start = new Date(now);
  start.setDate(start.getDate() + 1);
  start.setHours(8, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 28);
  end.setHours(22, 0, 0, 0);
  return {
    name: '',
    store_ids: [],
    trigger: 'zone_enter',
    zones: [],
    min_dwell_s: '30',
    visitors: 'any',
    tags: '',
    tiers: [],
    birthday_month: false,
    cart_waiting: false,
    starts_at: toLocalInput(start.toISOString()),
    ends_at: toLocalInput(end.toISOString()),
    weekdays: [],
    hours: null,
    quiet_hours: { from: '21:30', to: '09:00' },
    offer: 'coupon',
    title: '',
    discount_yuan: '5',
    min_spend_yuan: '30',
    valid_days: '7',
    body: '',
    link: '',
    count: '3',
    per_shopper: '1',
    window_h: '24',
    budget: '500',
    holdout_pct: '10',
    sku_ids: [],
    category_ids: [],
  };
}

export function formOf(c: Campaign): CampaignForm {
  const base = newForm();
  const o = c.offer;
  return {
    ...base,
    name: c.name,
    store_ids: c.store_ids,
    trigger: c.trigger.kind,
    zones: 'zones' in c.trigger ? c.trigger.zones : [],
    min_dwell_s: c.trigger.kind === 'zone_dwell' ? String(c.trigger.min_dwell_s) : base.min_dwell_s,
    visitors: c.audience.visitors,
    tags: (c.audience.tags_any ?? []).join(', '),
    tiers: c.audience.tiers ?? [],
    birthday_month: c.audience.birthday_month ?? false,
    cart_waiting: c.audience.cart_waiting ?? false,
    starts_at: toLocalInput(c.schedule.starts_at),
    ends_at: toLocalInput(c.schedule.ends_at),
    weekdays: c.schedule.weekdays ?? [],
    hours: c.schedule.hours ?? null,
    quiet_hours: c.schedule.quiet_hours ?? null,
    offer: o.kind,
    title: o.title,
    discount_yuan: o.kind === 'coupon' ? String(o.discount_cents / 100) : base.discount_yuan,
    min_spend_yuan: o.kind === 'coupon' ? String((o.min_spend_cents ?? 0) / 100) : base.min_spend_yuan,
    valid_days: o.kind === 'coupon' ? String(o.valid_days ?? 7) : base.valid_days,
    body: o.kind === 'content' ? o.body : '',
    link: o.kind === 'content' ? (o.link ?? '') : '',
    count: o.kind === 'products' ? String(o.count ?? 3) : base.count,
    per_shopper: String(c.caps.per_shopper),
    window_h: String(c.caps.window_h),
    budget: c.budget_total === null ? '' : String(c.budget_total),
    holdout_pct: String(Math.round(c.holdout * 1000) / 10),
    sku_ids: c.attribution.sku_ids,
    category_ids: c.attribution.category_ids,
  };
}

export function audienceOf(f: CampaignForm): CampaignRules['audience'] {
  const tags = list(f.tags);
  return {
    visitors: f.visitors,
    ...(tags.length ? { tags_any: tags } : {}),
    ...(f.tiers.length ? { tiers: f.tiers } : {}),
    ...(f.birthday_month ? { birthday_month: true } : {}),
    ...(f.cart_waiting ? { cart_waiting: true } : {}),
  };
}

function triggerOf(f: CampaignForm): Trigger {
  if (f.trigger === 'store_arrival') return { kind: 'store_arrival' };
  if (f.trigger === 'zone_dwell')
    return { kind: 'zone_dwell', zones: f.zones, min_dwell_s: number(f.min_dwell_s) };
  return { kind: f.trigger, zones: f.zones };
}

function offerOf(f: CampaignForm): Offer {
  const title = f.title.trim();
  if (f.offer === 'coupon')
    return {
      kind: 'coupon',
      title,
      discount_cents: cents(f.discount_yuan),
      min_spend_cents: cents(f.min_spend_yuan || '0'),
      valid_days: number(f.valid_days),
    };
  if (f.offer === 'content')
    return { kind: 'content', title, body: f.body.trim(), ...(f.link.trim() ? { link: f.link.trim() } : {}) };
  return { kind: 'products', title, count: number(f.count) };
}

/** The API's field paths, as the form labels them. */
const LABEL: Record<string, TextKey> = {
  'schedule.starts_at': 'campaigns.field.starts',
  'schedule.ends_at': 'campaigns.field.ends',
  'schedule.hours': 'campaigns.field.hours',
  'schedule.quiet_hours': 'campaigns.field.quietHours',
  'trigger.zones': 'campaigns.field.zones',
  'trigger.min_dwell_s': 'campaigns.field.dwell',
  'offer.title': 'campaigns.field.title',
  'offer.discount_cents': 'campaigns.field.discount',
  'offer.min_spend_cents': 'campaigns.field.minSpend',
  'offer.valid_days': 'campaigns.field.validDays',
  'caps.per_shopper': 'campaigns.field.perShopper',
  'caps.window_h': 'campaigns.field.window',
  budget_total: 'campaigns.field.budget',
  // The API names the one it refused ("names no SKU of this brand's catalogue: …").
  'attribution.sku_ids': 'campaigns.field.product',
  'attribution.category_ids': 'campaigns.field.category',
  store_ids: 'campaigns.field.stores',
  name: 'campaigns.field.name',
};
const PATHS = /^[a-z_]+(\.[a-z_0-9]+)*|[a-z_]+(\.[a-z_0-9]+)+/g;
const labelled = (path: string) => (LABEL[path] ? t(LABEL[path]) : path);
/**
 * The API's complaints about a campaign's fields that refusalOf does not say in Chinese (it says the
 * common ones: required, out of range...), so they can be said in the console's language: the
 * pattern, the text, and the placeholder its catch fills.
 */
const PROBLEMS: [RegExp, TextKey, string][] = [
  [/^must be after ([a-z_.]+)$/, 'campaigns.problem.after', 'other'],
  [/^must be number$/, 'campaigns.problem.number', ''],
  [/^must be integer$/, 'campaigns.problem.integer', ''],
  [/^is below what the campaign already gave \((\d+)\)$/, 'campaigns.problem.belowUsed', 'used'],
  [/^names no SKU of this brand's catalogue: (.+)$/, 'campaigns.problem.unknownSku', 'which'],
  [/^names no category of this brand's catalogue: (.+)$/, 'campaigns.problem.unknownCategory', 'which'],
];
/**
 * The API's message in the form's words: the field it starts with by its label, and the complaint
 * in the console's language when it is a known one. Otherwise the API's words with its dotted paths
 * labelled; not every lowercase word: a word such as "name" is not a path.
 */
export function inWords(message: string): string {
  const [, path, complaint] = /^([a-z_]+(?:\.[a-z_0-9]+)*) (.+)$/.exec(message) ?? [];
  for (const [pattern, key, name] of PROBLEMS) {
    const caught = path && complaint ? pattern.exec(complaint) : null;
    if (!caught) continue;
    const problem = t(key, name ? { [name]: labelled(caught[1]!) } : {});
    return t('campaigns.problem.sentence', { field: labelled(path!), problem });
  }
  return message.replace(PATHS, labelled);
}
/** The most products, and the most categories, a campaign names (marketing/schemas.ts). */
const MAX_PICKED = 100;
/**
 * What the form can tell before asking the API, in the marketer's words, under the field the API
 * would name: the API's own message for these is about schemas, not about what to do.
 */
export function formProblem(f: CampaignForm): { field: string; message: string } | undefined {
  if (!f.name.trim()) return { field: 'name', message: t('campaigns.problem.giveName') };
  if (f.trigger !== 'store_arrival' && f.zones.length === 0)
    return { field: 'trigger.zones', message: t('campaigns.problem.pickZone') };
  if (f.sku_ids.length > MAX_PICKED)
    return {
      field: 'attribution.sku_ids',
      message: t('campaigns.problem.tooManyProducts', { max: MAX_PICKED }),
    };
  if (f.category_ids.length > MAX_PICKED)
    return {
      field: 'attribution.category_ids',
      message: t('campaigns.problem.tooManyCategories', { max: MAX_PICKED }),
    };
  return undefined;
}

export function rulesOf(f: CampaignForm): CampaignRules {
  const holdout = Number(f.holdout_pct);
  return {
    name: f.name.trim(),
    store_ids: f.store_ids,
    trigger: triggerOf(f),
    audience: audienceOf(f),
    schedule: {
      starts_at: fromLocalInput(f.starts_at),
      ends_at: fromLocalInput(f.ends_at),
      ...(f.weekdays.length ? { weekdays: f.weekdays } : {}),
      ...(f.hours ? { hours: f.hours } : {}),
      ...(f.quiet_hours ? { quiet_hours: f.quiet_hours } : {}),
    },
    caps: { per_shopper: number(f.per_shopper), window_h: number(f.window_h) },
    offer: offerOf(f),
    budget_total: f.budget.trim() === '' ? null : number(f.budget),
    holdout: (Number.isNaN(holdout) ? f.holdout_pct : Math.round(holdout * 10) / 1000) as number,
    attribution: { sku_ids: f.sku_ids, category_ids: f.category_ids },
  };
}
