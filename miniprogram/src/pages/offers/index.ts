/**
 * Offers the store pushed to me (newest first): what each says, its coupon and its picks. Opening
 * one tells the server (the campaign's report counts it).
 */
import { api, type Offer } from '../../lib/api';
import { couponLabel } from '../../lib/coupons';
import { loadList, showError } from '../../lib/feedback';
import { localDate, yuan } from '../../lib/format';
import { type Texts, t } from '../../lib/i18n';
import { pageTexts } from '../../lib/page-texts';
import { type Picture, pictureOf } from '../../lib/product-picture';
import { productPage } from '../../lib/product-view';

interface OfferRow {
  id: string;
  title: string;
  body: string;
  coupon: string;
  couponCode: string;
  products: { sku_id: string; label: string; picture: Picture }[];
  opened: boolean;
  date: string;
}

/** A campaign's offer carries a coupon and picks; an appointment reminder neither. */
const campaignOffer = (o: Offer) => (o.payload.kind === 'campaign_offer' ? o.payload : undefined);

function couponLine(offer: Offer): string {
  const c = campaignOffer(offer)?.coupon;
  if (!c) return '';
  const state = c.redeemed_at ? t('couponUsed') : t('couponUntil', { date: localDate(c.valid_until) });
  return `${couponLabel(c)} · ${state}`;
}

const row = (o: Offer): OfferRow => ({
  id: o.id,
  title: o.title,
  body: o.payload.body ?? '',
  coupon: couponLine(o),
  couponCode: campaignOffer(o)?.coupon?.code ?? '',
  products: (campaignOffer(o)?.products ?? []).map((p) => ({
    sku_id: p.sku_id,
    label: `${p.name} ${yuan(p.price_cents)}`,
    picture: pictureOf(p),
  })),
  opened: !!o.opened_at,
  date: o.created_at.slice(0, 16).replace('T', ' '),
});

Page({
  data: {
    t: {} as Texts,
    offers: [] as OfferRow[],
    loading: true,
    error: '',
  },

  onLoad() {
    this.setData({ t: pageTexts('titleOffers', { tabBar: true }) });
  },

  onShow() {
    this.load();
  },

  load() {
    return loadList(this, 'offers', async () => (await api.offers()).offers.map(row));
  },

  async open(e: { currentTarget: { dataset: { id: string } } }) {
    const { id } = e.currentTarget.dataset;
    const offers = this.data.offers.map((o) => (o.id === id ? { ...o, opened: true } : o));
    this.setData({ offers });
    try {
      await api.offerOpened(id);
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  /** An offer names no store: its pick shows at the store the shopper opened last. */
  openProduct(e: { currentTarget: { dataset: { sku: string } } }) {
    wx.navigateTo({ url: productPage(e.currentTarget.dataset.sku) });
  },

  copyCode(e: { currentTarget: { dataset: { code: string } } }) {
    wx.setClipboardData({ data: e.currentTarget.dataset.code });
  },
});
