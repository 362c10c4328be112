/**
 * The WeChat runtime, faked for Node: `wx` (requests are real HTTP to the test's server, storage in
 * memory, login codes the local WeChat stub accepts, payments, subscribe prompts and beacons driven
 * by the test), and `Page` / `App` / `getApp` capturing definitions so a test opens a page as WeChat
 * would: an instance with its own copy of `data`, `setData` merging into it, and the handlers bound
 * to it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import gcoord from 'gcoord';
import WebSocket from 'ws';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../src');

export interface Recorded {
  /** Every dialog's content and toast's title, in order. */
  dialogs: string[];
  toasts: string[];
  /** Every navigateTo / redirectTo / switchTab url, and 'back' for each navigateBack. */
  navigations: string[];
  /** Canvas calls as `name(args)`. */
  canvas: string[];
  clipboard: string[];
  /** The navigation bar's title as a page last set it, and the tab bar's texts in tab order. */
  title: string;
  tabBar: string[];
}

export interface PaymentRequest {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export interface FakeWx extends Recorded {
  storage: Map<string, unknown>;
  /** WeChat's language setting as getAppBaseInfo / getSystemInfoSync report it ("zh_CN", "en"). */
  language: string;
  /** What the next wx.login answers. */
  loginCode: string;
  /**
   * Where the phone is, in WGS-84; wx.getLocation answers it in the datum asked, GCJ-02 shifted as
   * WeChat does in China. null: the shopper refused.
   */
  location: { latitude: number; longitude: number } | null;
  /** The shopper at WeChat's payment sheet: pays, cancels or it fails. */
  onPayment: (request: PaymentRequest) => 'paid' | 'cancelled' | 'failed';
  /** The shopper at WeChat's subscribe prompt, asked for these templates: allows, refuses, or it fails. */
  onSubscribe: (tmplIds: string[]) => 'accept' | 'reject' | 'failed';
  /** The templates of every wx.requestSubscribeMessage, in order. */
  subscribeRequests: string[][];
  /** The address the shopper picks at wx.chooseAddress; null: they cancel. */
  wechatAddress: WxChosenAddress | null;
  /** The spot the shopper picks at wx.chooseLocation (GCJ-02, as WeChat answers in China); null: they cancel. */
  mapPick: WxChosenLocation | null;
  /** Where the last wx.chooseLocation opened its map, when the page said. */
  mapOpenedAt: { latitude: number; longitude: number } | null;
  /** What the camera reads at the next wx.scanCode; null: the shopper closes it. */
  barcode: string | null;
  /** Beacon uuids the page asked to scan for, while discovery runs. */
  scanningFor: string[] | null;
  /** Delivers a wx.onBeaconUpdate batch to the page's listener. */
  emitBeacons(beacons: WxBeacon[]): void;
  /** Resolves once every request and payment the pages started has been answered. */
  idle(): Promise<void>;
  /** Leaves every page opened (onHide, onUnload): their timers and sockets stop. */
  leaveAll(): void;
}

const opened: Record<string, unknown>[] = [];

type Definition = Record<string, unknown> & { data: Record<string, unknown> };

export type PageOf = Record<string, (...args: never[]) => unknown> & {
  data: Record<string, unknown>;
  setData(patch: Record<string, unknown>): void;
} & Record<string, unknown>;

const definitions = new Map<string, Definition>();
let registering: string | null = null;

const record = (list: string[], name: string, args: unknown[]) =>
  list.push(`${name}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : String(a))).join(',')})`);

function recordingCanvas(calls: string[]): MapCanvas {
  const ctx: Record<string, unknown> = {};
  for (const name of [
    'setLineDash',
    'clearRect',
    'beginPath',
    'closePath',
    'moveTo',
    'lineTo',
    'arc',
    'fill',
    'stroke',
    'fillText',
    'scale',
  ]) {
    ctx[name] = (...args: unknown[]) => record(calls, name, args);
  }
  for (const name of ['fillStyle', 'strokeStyle', 'lineWidth', 'font', 'textAlign']) {
    let value: unknown;
    Object.defineProperty(ctx, name, {
      get: () => value,
      set: (v) => {
        value = v;
        calls.push(`${name}=${v}`);
      },
    });
  }
  return ctx as unknown as MapCanvas;
}

function inDatum(at: { latitude: number; longitude: number }, type: 'wgs84' | 'gcj02') {
  if (type === 'wgs84') return at;
  const [longitude, latitude] = gcoord.transform([at.longitude, at.latitude], gcoord.WGS84, gcoord.GCJ02);
  return { latitude, longitude };
}

export function installWx(): FakeWx {
  let pending = 0;
  let beaconListener: ((result: { beacons: WxBeacon[] }) => void) | null = null;
  const track = async <T>(work: () => Promise<T>) => {
    pending += 1;
    try {
      return await work();
    } finally {
      pending -= 1;
    }
  };
  const fake: FakeWx = {
    storage: new Map(),
    dialogs: [],
    toasts: [],
    navigations: [],
    canvas: [],
    clipboard: [],
    title: '',
    tabBar: [],
    language: 'en',
    loginCode: 'shopper-1',
    location: { latitude: 31.2304, longitude: 121.4737 },
    onPayment: () => 'paid',
    onSubscribe: () => 'accept',
    subscribeRequests: [],
    scanningFor: null,
    barcode: null,
    wechatAddress: null,
    mapPick: null,
    mapOpenedAt: null,
    emitBeacons: (beacons) => beaconListener?.({ beacons }),
    leaveAll() {
      for (const page of opened.splice(0)) {
        for (const hook of ['onHide', 'onUnload']) (page[hook] as (() => void) | undefined)?.call(page);
      }
    },
    async idle() {
      // Twice quiet in a row: a handler's next request starts in the microtasks after the last answer.
      for (let quiet = 0; quiet < 2; ) {
        await new Promise((resolve) => setImmediate(resolve));
        quiet = pending === 0 ? quiet + 1 : 0;
      }
    },
  };

  const wx: Record<string, unknown> = {
    request(options: Parameters<Wx['request']>[0]) {
      void track(async () => {
        try {
          const response = await fetch(options.url, {
            method: options.method,
            headers: options.header ?? {},
            ...(options.data === undefined ? {} : { body: JSON.stringify(options.data) }),
          });
          const text = await response.text();
          const json = (response.headers.get('content-type') ?? '').includes('json');
          options.success?.({
            statusCode: response.status,
            data: json && text ? JSON.parse(text) : text,
            header: Object.fromEntries(response.headers),
          });
        } catch (error) {
          options.fail?.({ errMsg: `request:fail ${(error as Error).message}` });
        }
        options.complete?.();
      });
    },
    login: (options: Parameters<Wx['login']>[0]) =>
      void track(async () => options.success?.({ code: fake.loginCode })),
    getStorageSync: (key: string) => (fake.storage.has(key) ? structuredClone(fake.storage.get(key)) : ''),
    setStorageSync: (key: string, value: unknown) => void fake.storage.set(key, structuredClone(value)),
    removeStorageSync: (key: string) => void fake.storage.delete(key),
    getLocation: (options: Parameters<Wx['getLocation']>[0]) =>
      void track(async () =>
        fake.location
          ? options.success?.({ ...inDatum(fake.location, options.type), accuracy: 30 })
          : options.fail?.({ errMsg: 'getLocation:fail auth deny' }),
      ),
    startBeaconDiscovery(options: Parameters<Wx['startBeaconDiscovery']>[0]) {
      fake.scanningFor = options.uuids;
      options.success?.({});
    },
    stopBeaconDiscovery(options: Parameters<Wx['stopBeaconDiscovery']>[0]) {
      fake.scanningFor = null;
      options.success?.({});
    },
    onBeaconUpdate(listener: typeof beaconListener) {
      beaconListener = listener;
    },
    offBeaconUpdate() {
      beaconListener = null;
    },
    requestPayment: (options: Parameters<Wx['requestPayment']>[0]) =>
      void track(async () => {
        const outcome = fake.onPayment(options);
        if (outcome === 'paid') options.success?.({});
        else
          options.fail?.({
            errMsg: outcome === 'cancelled' ? 'requestPayment:fail cancel' : 'requestPayment:fail',
          });
      }),
    requestSubscribeMessage: (options: Parameters<Wx['requestSubscribeMessage']>[0]) =>
      void track(async () => {
        fake.subscribeRequests.push(options.tmplIds);
        const outcome = fake.onSubscribe(options.tmplIds);
        if (outcome === 'failed')
          options.fail?.({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' });
        else options.success?.(Object.fromEntries(options.tmplIds.map((id) => [id, outcome])));
      }),
    scanCode: (options: Parameters<Wx['scanCode']>[0]) =>
      void track(async () =>
        fake.barcode
          ? options.success?.({ result: fake.barcode })
          : options.fail?.({ errMsg: 'scanCode:fail cancel' }),
      ),
    chooseAddress: (options: Parameters<Wx['chooseAddress']>[0]) =>
      void track(async () =>
        fake.wechatAddress
          ? options.success?.({ ...fake.wechatAddress })
          : options.fail?.({ errMsg: 'chooseAddress:fail cancel' }),
      ),
    chooseLocation: (options: Parameters<Wx['chooseLocation']>[0]) =>
      void track(async () => {
        const { latitude, longitude } = options;
        fake.mapOpenedAt = latitude !== undefined && longitude !== undefined ? { latitude, longitude } : null;
        if (fake.mapPick) options.success?.({ ...fake.mapPick });
        else options.fail?.({ errMsg: 'chooseLocation:fail cancel' });
      }),
    connectSocket(options: { url: string; protocols?: string[] }) {
      const socket = new WebSocket(options.url, options.protocols);
      socket.binaryType = 'arraybuffer';
      return {
        send: ({ data }: { data: ArrayBuffer | string }) => socket.send(data),
        close: () => socket.close(),
        onOpen: (listener: () => void) => socket.on('open', listener),
        onMessage: (listener: (m: { data: ArrayBuffer }) => void) =>
          socket.on('message', (data: ArrayBuffer) => listener({ data })),
        onError: (listener: (e: { errMsg: string }) => void) =>
          socket.on('error', (error) => listener({ errMsg: error.message })),
        onClose: (listener: () => void) => socket.on('close', listener),
      };
    },
    showToast: (options: { title: string }) => void fake.toasts.push(options.title),
    showModal: (options: {
      content: string;
      success?: (r: { confirm: boolean; cancel: boolean }) => void;
    }) => {
      fake.dialogs.push(options.content);
      options.success?.({ confirm: true, cancel: false });
    },
    showLoading: () => undefined,
    hideLoading: () => undefined,
    navigateTo: (options: { url: string }) => void fake.navigations.push(options.url),
    redirectTo: (options: { url: string }) => void fake.navigations.push(options.url),
    navigateBack: () => void fake.navigations.push('back'),
    switchTab: (options: { url: string }) => void fake.navigations.push(options.url),
    setClipboardData: (options: { data: string }) => void fake.clipboard.push(options.data),
    getSystemInfoSync: () => ({ pixelRatio: 2, windowWidth: 375, language: fake.language }),
    getAppBaseInfo: () => ({ language: fake.language }),
    setNavigationBarTitle: (options: { title: string }) => {
      fake.title = options.title;
    },
    setTabBarItem: (options: { index: number; text?: string }) => {
      if (options.text !== undefined) fake.tabBar[options.index] = options.text;
    },
    createSelectorQuery() {
      const node = { width: 0, height: 0, getContext: () => recordingCanvas(fake.canvas) };
      const query = {
        select: () => ({ fields: () => query }),
        exec: (callback?: (results: unknown[]) => void) => callback?.([{ node, width: 343, height: 300 }]),
      };
      return query;
    },
  };

  const globals = globalThis as Record<string, unknown>;
  globals.wx = wx;
  globals.Page = (definition: Definition) => {
    if (!registering) throw new Error('Page() called outside openPage()');
    definitions.set(registering, definition);
  };
  let app: { globalData: unknown } = { globalData: {} };
  globals.App = (definition: { globalData: unknown; onLaunch?: () => void; onShow?: () => void }) => {
    app = definition;
    // As WeChat starts a mini-program: launched, then shown.
    definition.onLaunch?.();
    definition.onShow?.();
  };
  globals.getApp = () => app;
  return fake;
}

/** A page's definition as its module hands it to Page(); `route` is as in app.json. */
export async function pageDefinition(route: string): Promise<Definition> {
  if (!definitions.has(route)) {
    registering = route;
    try {
      await import(/* @vite-ignore */ join(SRC, `${route}.ts`));
    } finally {
      registering = null;
    }
  }
  const definition = definitions.get(route);
  if (!definition) throw new Error(`${route} did not call Page()`);
  return definition;
}

/**
 * Opens a page as WeChat does: a fresh instance (each non-function field copied, as WeChat copies
 * them), then onLoad(query), onShow, onReady; resolves once what they started has been answered.
 */
export async function openPage(
  fake: FakeWx,
  route: string,
  query: Record<string, string> = {},
): Promise<PageOf> {
  const definition = await pageDefinition(route);
  const page: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    page[key] = typeof value === 'function' ? value : structuredClone(value);
  }
  page.route = route;
  page.setData = (patch: Record<string, unknown>) => {
    page.data = { ...(page.data as Record<string, unknown>), ...structuredClone(patch) };
  };
  const instance = page as PageOf;
  opened.push(instance);
  for (const hook of ['onLoad', 'onShow', 'onReady'] as const) {
    const run = instance[hook] as ((q?: Record<string, string>) => unknown) | undefined;
    await run?.call(instance, hook === 'onLoad' ? query : undefined);
  }
  await fake.idle();
  return instance;
}

/** Calls a handler as a tap (or input) would, and waits for what it started. */
export async function tap(
  fake: FakeWx,
  page: PageOf,
  handler: string,
  event: { dataset?: Record<string, unknown>; detail?: Record<string, unknown> } = {},
): Promise<void> {
  const run = page[handler] as ((e: unknown) => unknown) | undefined;
  if (typeof run !== 'function') throw new Error(`${page.route} has no handler ${handler}`);
  await run.call(page, { currentTarget: { dataset: event.dataset ?? {} }, detail: event.detail ?? {} });
  await fake.idle();
}
