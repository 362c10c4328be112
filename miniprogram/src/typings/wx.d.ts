/**
 * The parts of the WeChat mini-program runtime this app uses, typed by hand (the official
 * miniprogram-api-typings is not a dependency of the repo). Names and shapes follow the WeChat docs.
 */

interface WxCallbacks<T> {
  success?: (result: T) => void;
  fail?: (error: { errMsg: string; errCode?: number }) => void;
  complete?: () => void;
}

interface WxRequestResult {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

interface WxBeacon {
  uuid: string;
  major: number;
  minor: number;
  /** dBm; 0 when the system could not measure it. */
  rssi: number;
  accuracy: number;
  proximity: number;
}

interface WxCanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): MapCanvas;
}

/** The subset of CanvasRenderingContext2D the map draws with. */
interface MapCanvas {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  setLineDash(dashes: number[]): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  scale(x: number, y: number): void;
}

interface WxSelectorQuery {
  select(selector: string): {
    fields(
      fields: { node: boolean; size: boolean },
      callback?: (result: { node: WxCanvasNode; width: number; height: number } | null) => void,
    ): WxSelectorQuery;
  };
  exec(callback?: (results: unknown[]) => void): void;
}

interface WxSocketTask {
  send(options: { data: ArrayBuffer | string }): void;
  close(options: { code?: number }): void;
  onOpen(listener: () => void): void;
  onMessage(listener: (message: { data: ArrayBuffer | string }) => void): void;
  onError(listener: (error: { errMsg: string }) => void): void;
  onClose(listener: () => void): void;
}

/** What wx.chooseAddress answers: an address the shopper keeps in WeChat. */
interface WxChosenAddress {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  postalCode: string;
  nationalCode: string;
}

/** What wx.chooseLocation answers: the spot picked on the map, GCJ-02 in China. */
interface WxChosenLocation {
  name: string;
  address: string;
  latitude: number;
  longitude: number;
}

interface Wx {
  request(
    options: {
      url: string;
      method: 'GET' | 'POST' | 'PUT' | 'DELETE';
      data?: unknown;
      header?: Record<string, string>;
      timeout?: number;
    } & WxCallbacks<WxRequestResult>,
  ): void;
  login(options: { timeout?: number } & WxCallbacks<{ code: string }>): void;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
  getLocation(
    options: { type: 'wgs84' | 'gcj02' } & WxCallbacks<{
      latitude: number;
      longitude: number;
      accuracy: number;
    }>,
  ): void;
  /** The shopper picks one of the addresses WeChat keeps for them (needs requiredPrivateInfos). */
  chooseAddress(options: WxCallbacks<WxChosenAddress>): void;
  /** A map to pick a spot on, opened at `latitude`/`longitude` (GCJ-02) when given (needs requiredPrivateInfos). */
  chooseLocation(options: { latitude?: number; longitude?: number } & WxCallbacks<WxChosenLocation>): void;
  startBeaconDiscovery(options: { uuids: string[] } & WxCallbacks<unknown>): void;
  stopBeaconDiscovery(options: WxCallbacks<unknown>): void;
  onBeaconUpdate(listener: (result: { beacons: WxBeacon[] }) => void): void;
  offBeaconUpdate(listener?: (result: { beacons: WxBeacon[] }) => void): void;
  requestPayment(
    options: {
      timeStamp: string;
      nonceStr: string;
      package: string;
      signType: 'RSA';
      paySign: string;
    } & WxCallbacks<unknown>,
  ): void;
  /** Only from a tap (or a payment's callback): the shopper allows one message per template, or not. */
  requestSubscribeMessage(
    options: { tmplIds: string[] } & WxCallbacks<Record<string, 'accept' | 'reject' | 'ban' | 'filter'>>,
  ): void;
  scanCode(
    options: { onlyFromCamera?: boolean; scanType?: ('barCode' | 'qrCode')[] } & WxCallbacks<{
      result: string;
    }>,
  ): void;
  connectSocket(options: { url: string; protocols?: string[] }): WxSocketTask;
  showToast(options: {
    title: string;
    icon?: 'success' | 'error' | 'loading' | 'none';
    duration?: number;
  }): void;
  showModal(
    options: { title?: string; content: string; showCancel?: boolean } & WxCallbacks<{
      confirm: boolean;
      cancel: boolean;
    }>,
  ): void;
  showLoading(options: { title: string; mask?: boolean }): void;
  hideLoading(): void;
  navigateTo(options: { url: string }): void;
  redirectTo(options: { url: string }): void;
  navigateBack(options?: { delta?: number }): void;
  switchTab(options: { url: string }): void;
  setClipboardData(options: { data: string } & WxCallbacks<unknown>): void;
  createSelectorQuery(): WxSelectorQuery;
  getSystemInfoSync(): { pixelRatio: number; windowWidth: number; language: string };
  /** Base library 2.20.1 and later; `language` is WeChat's own setting, e.g. "zh_CN", "zh_HK", "en". */
  getAppBaseInfo?(): { language: string };
  setNavigationBarTitle(options: { title: string } & WxCallbacks<unknown>): void;
  setTabBarItem(options: { index: number; text?: string } & WxCallbacks<unknown>): void;
}

interface PageInstance<D> {
  data: D;
  setData(patch: Partial<D> | Record<string, unknown>, callback?: () => void): void;
  /** Where the page was opened, with its query. */
  route?: string;
}

/**
 * A page's definition: `data` and its handlers. `ThisType` gives the handlers the instance, with
 * `setData` and every other handler.
 */
type PageDefinition<D, M> = {
  data: D;
  onLoad?(query: Record<string, string | undefined>): void | Promise<void>;
  onShow?(): void | Promise<void>;
  onReady?(): void | Promise<void>;
  onHide?(): void;
  onUnload?(): void;
  onShareAppMessage?(): { title: string; path: string };
} & M &
  ThisType<PageInstance<D> & M>;

declare const wx: Wx;
declare function setInterval(callback: () => void, ms: number): number;
declare function clearInterval(id: number): void;
declare function setTimeout(callback: () => void, ms: number): number;
declare function clearTimeout(id: number | undefined): void;
declare function Page<D, M>(definition: PageDefinition<D, M>): void;
declare function App<G>(definition: {
  globalData: G;
  onLaunch?(options: { query: Record<string, string> }): void;
  /** Each time the mini-program comes to the front, at launch too. */
  onShow?(): void;
}): void;
declare function getApp<G>(): { globalData: G };
