/**
 * A store: its hours and services, its map on a canvas (floor, zones, shelves, walls, doors),
 * product search with the walk to a product drawn on the map, offers pushed in this visit (polled
 * while the page shows), and "Show me": the store's beacons place the shopper on the map (the
 * blue dot, worked out on the phone) and, with their consent, the server hears them too, so zone
 * entries bring offers.
 */
import { api, type MapPoint, type PhoneSite, type SearchHit, type ShopperMap } from '../../lib/api';
import { type Scanning, startScanning } from '../../lib/beacons';
import { type BlueDotTracker, trackBlueDot } from '../../lib/blue-dot';
import { addToCart, cartCount, readCart } from '../../lib/cart';
import { config } from '../../lib/config';
import { messageOf, showError } from '../../lib/feedback';
import { distance, hoursToday, openingLine, serviceNames } from '../../lib/format';
import { type Texts, t } from '../../lib/i18n';
import { type LiveChannel, type LiveOffer, listenForOffers } from '../../lib/live-offers';
import { drawMap, fitLevel, type Overlay } from '../../lib/map-view';
import { isOrderUpdate, showOrderUpdate } from '../../lib/order-updates';
import { pageTexts } from '../../lib/page-texts';
import { askedWalk, enterStore, type ProductRow, productPage, productRow } from '../../lib/product-view';
import { stepWords } from '../../lib/route-steps';
import { ensureSession } from '../../lib/session';

/** How often offers are fetched while the page shows: live offers come at once, this catches any missed. */
const OFFER_POLL_MS = 20_000;

interface Canvas {
  ctx: MapCanvas;
  width: number;
  height: number;
}

interface RouteView {
  /** "To Oat milk 1L". */
  title: string;
  summary: string;
  /** Each step in the shopper's language, and the metres to the next. */
  steps: { instruction: string; distance: string }[];
}

Page({
  data: {
    t: {} as Texts,
    storeId: '',
    name: '',
    address: '',
    opening: '',
    hoursToday: '',
    services: [] as string[],
    /** The store sells scan & go: the shopper scans barcodes off the shelf into the cart. */
    scanToBuy: false,
    /** The store has services to book (a consultation, a tasting event). */
    bookable: false,
    levels: [] as { level: number; name: string }[],
    level: 0,
    query: '',
    hits: [] as ProductRow[],
    /** "Nothing found for …" after a search that found nothing. */
    nothingFound: '',
    route: null as RouteView | null,
    offers: [] as { id: string; title: string; body: string }[],
    cartCount: 0,
    scanning: false,
    /** Where the blue dot is, in words; empty until the first fix. */
    position: '',
    error: '',
  },
  map: null as ShopperMap | null,
  site: null as PhoneSite | null,
  tracker: null as BlueDotTracker | null,
  canvas: null as Canvas | null,
  overlay: {} as Overlay,
  hitsBySku: {} as Record<string, SearchHit>,
  scanner: null as Scanning | null,
  poll: null as ReturnType<typeof setInterval> | null,
  live: null as LiveChannel | null,

  async onLoad(query) {
    const id = query.id ?? '';
    enterStore(id);
    this.setData({ t: pageTexts('titleStore'), storeId: id, cartCount: cartCount(readCart()) });
    try {
      const [store, map, site] = await Promise.all([
        api.store(id),
        api.shopperMap(id),
        // A store without beacons on its map has no site (404): the page works without a blue dot.
        api.site(id).catch(() => null),
      ]);
      this.map = map;
      this.site = site;
      const levels = map.levels.map((l) => ({ level: l.level, name: l.name }));
      this.setData({
        name: store.name,
        address: store.address,
        opening: openingLine(store),
        hoursToday: hoursToday(store),
        services: serviceNames(store.services),
        scanToBuy: store.services.includes('scan_to_buy'),
        levels,
        level: levels.some((l) => l.level === 0) ? 0 : (levels[0]?.level ?? 0),
      });
      this.draw();
    } catch (error) {
      this.setData({ error: showError(error) });
    }
    // A product's page sent the shopper here to walk to it (`to`: its SKU code, as the map keys it).
    if (query.to && this.map) {
      const code = query.to;
      await this.walkTo(code, this.map.products.find((p) => p.sku === code)?.name ?? code);
    }
    // Without services (or the answer) the store simply shows no entry to book.
    api.appointmentServices(id).then(
      (services) => this.setData({ bookable: services.length > 0 }),
      () => undefined,
    );
  },

  bookService() {
    wx.navigateTo({ url: `/pages/appointments/index?store=${this.data.storeId}` });
  },

  onReady() {
    wx.createSelectorQuery()
      .select('#map')
      .fields({ node: true, size: true })
      .exec((results) => {
        const found = results[0] as { node: WxCanvasNode; width: number; height: number } | null;
        if (!found) return;
        const ratio = wx.getSystemInfoSync().pixelRatio;
        found.node.width = found.width * ratio;
        found.node.height = found.height * ratio;
        const ctx = found.node.getContext('2d');
        ctx.scale(ratio, ratio);
        this.canvas = { ctx, width: found.width, height: found.height };
        this.draw();
      });
  },

  onShow() {
    this.setData({ cartCount: cartCount(readCart()) });
    // Back from a product's page whose "Take me there" asked for the walk to it.
    const asked = this.map ? askedWalk(this.data.storeId) : '';
    if (asked) void this.walkTo(asked, this.map?.products.find((p) => p.sku === asked)?.name ?? asked);
    this.loadOffers();
    this.poll = setInterval(() => this.loadOffers(), OFFER_POLL_MS);
  },

  onHide() {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.live?.close();
    this.live = null;
  },

  onUnload() {
    this.onHide();
    this.stopScanning();
  },

  draw() {
    if (!this.map || !this.canvas) return;
    const { ctx, width, height } = this.canvas;
    drawMap(ctx, this.map, fitLevel(this.map, this.data.level, width, height), this.overlay, width, height);
  },

  chooseLevel(e: { currentTarget: { dataset: { level: number } } }) {
    this.setData({ level: Number(e.currentTarget.dataset.level) });
    this.draw();
  },

  async loadOffers() {
    try {
      const { offers, topic } = await api.offers();
      const fresh = offers.filter((o) => !o.opened_at).slice(0, 3);
      this.setData({ offers: fresh.map((o) => ({ id: o.id, title: o.title, body: o.payload.body ?? '' })) });
      if (config.mqttUrl && !this.live && this.poll) await this.listenLive(topic);
    } catch {
      // Offers are a bonus on this page; the Offers tab says why they cannot load.
    }
  },

  async listenLive(topic: string) {
    const { token } = await ensureSession();
    this.live = listenForOffers({
      url: config.mqttUrl,
      token,
      topic,
      // An update of one of the shopper's orders comes on the same topic: said, not listed as an offer.
      onOffer: (offer) => (isOrderUpdate(offer) ? showOrderUpdate(offer) : this.showLiveOffer(offer)),
      onError: () => {
        // Polling carries on: the next page show tries live again.
        this.live?.close();
        this.live = null;
      },
    });
  },

  showLiveOffer(offer: LiveOffer) {
    const others = this.data.offers.filter((o) => o.id !== offer.id);
    this.setData({
      offers: [{ id: offer.id, title: offer.title, body: offer.body ?? '' }, ...others].slice(0, 3),
    });
    wx.showToast({ title: offer.title, icon: 'none' });
  },

  onQuery(e: { detail: { value: string } }) {
    this.setData({ query: e.detail.value });
  },

  async search() {
    const text = this.data.query.trim();
    if (!text) return;
    try {
      const hits = await api.search(this.data.storeId, text);
      this.hitsBySku = Object.fromEntries(hits.map((h) => [h.sku_id, h]));
      this.setData({
        nothingFound: hits.length ? '' : t('nothingFound', { query: text }),
        error: '',
        hits: hits.map((h) => productRow(h, this.map)),
      });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  /** Where a walk starts: the blue dot when there is one, else the store's entrance (its first door). */
  startOfWalk(): string {
    const dot = this.overlay.dot;
    if (dot) return `${dot.x.toFixed(2)},${dot.y.toFixed(2)},${dot.level}`;
    const door = this.map?.features.find((f) => f.kind === 'opening' && f.name);
    return door ? `zone:${door.name}` : 'zone:Entrance';
  },

  routeTo(e: { currentTarget: { dataset: { code: string; name: string } } }) {
    const { code, name } = e.currentTarget.dataset;
    return this.walkTo(code, name);
  },

  /** Draws the walk to a product (by SKU code) and words its steps. */
  async walkTo(code: string, name: string) {
    try {
      const route = await api.route(this.data.storeId, this.startOfWalk(), `sku:${code}`);
      const end: MapPoint | undefined = route.path[route.path.length - 1];
      this.overlay = {
        ...this.overlay,
        route: route.path,
        ...(end ? { target: { ...end, label: name } } : {}),
      };
      this.setData({
        level: route.path[0]?.level ?? this.data.level,
        error: '',
        route: {
          title: t('routeTo', { target: name }),
          summary: t('routeSummary', {
            distance: distance(route.distance_m),
            minutes: Math.max(1, Math.round(route.duration_s / 60)),
          }),
          steps: route.steps.map((s) => ({ instruction: stepWords(s), distance: distance(s.distance_m) })),
        },
      });
      this.draw();
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  openProduct(e: { currentTarget: { dataset: { sku: string } } }) {
    wx.navigateTo({ url: productPage(e.currentTarget.dataset.sku, this.data.storeId, true) });
  },

  addToCart(e: { currentTarget: { dataset: { sku: string } } }) {
    const hit = this.hitsBySku[e.currentTarget.dataset.sku];
    if (!hit) return;
    const cart = addToCart(this.data.storeId, hit);
    this.setData({ cartCount: cartCount(cart) });
    wx.showToast({ title: t('addedToCart'), icon: 'success' });
  },

  async toggleScanning() {
    if (this.scanner) return this.stopScanning();
    if (!this.site) {
      this.setData({ error: t('noBlueDot') });
      return;
    }
    let upload = false;
    try {
      upload = (await api.consents()).some((c) => c.purpose === 'location_tracking' && c.granted);
    } catch {
      // Without the answer nothing is uploaded; the blue dot works on the phone alone.
    }
    this.tracker = trackBlueDot(this.site);
    this.scanner = startScanning({
      storeId: this.data.storeId,
      uuids: this.site.beacon_uuids,
      upload,
      onBatch: (beacons) => this.placeDot(beacons),
      onError: (error) => {
        this.stopScanning();
        this.setData({ error: messageOf(error) });
      },
    });
    this.setData({ scanning: true, error: '' });
  },

  placeDot(beacons: WxBeacon[]) {
    const fix = this.tracker?.update(beacons, Date.now());
    if (!fix) return;
    this.overlay = { ...this.overlay, dot: { x: fix.x, y: fix.y, level: fix.level, accuracy: fix.accuracy } };
    const levelName =
      this.data.levels.find((l) => l.level === fix.level)?.name ?? t('levelNumber', { level: fix.level });
    this.setData({
      level: fix.level,
      position: t('youAreHere', { level: levelName, accuracy: Math.ceil(fix.accuracy) }),
    });
    this.draw();
  },

  stopScanning() {
    this.scanner?.stop();
    this.scanner = null;
    this.tracker = null;
    this.setData({ scanning: false });
  },

  /** Scan & go: a barcode off the shelf, looked up at this store's prices, into the cart. */
  scanBarcode() {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['barCode'],
      success: ({ result }) => this.addScanned(result),
      fail: () => undefined, // closed the camera: nothing to say
    });
  },

  async addScanned(barcode: string) {
    try {
      const hit = (await api.search(this.data.storeId, barcode)).find((h) => h.barcode === barcode);
      if (!hit) throw new Error(t('notSoldHere'));
      this.setData({ cartCount: cartCount(addToCart(this.data.storeId, hit)), error: '' });
      wx.showToast({ title: t('addedProduct', { name: hit.name }), icon: 'none' });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  openCart() {
    wx.navigateTo({ url: '/pages/cart/index' });
  },

  openOffers() {
    wx.switchTab({ url: '/pages/offers/index' });
  },
});
