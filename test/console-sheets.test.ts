/**
 * The rows of the console's orders and stock downloads, built outside a browser (i18n.ts needs only
 * localStorage, navigator and <html> of the DOM, stubbed here): times on the store's clock, money in
 * plain yuan, whom an order was for, lines in one cell, and the stock-take's empty column. And the
 * orders a download reads, paged back from a stand-in for GET /orders: all of the days, none twice,
 * and the newest 10,000 when there are more.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Rows = unknown[][];
interface Listed {
  id: string;
  created_at: string;
}
let ui: {
  ordersBetween(
    storeId: string,
    range: { since: Date; until: Date; status: string | undefined },
  ): Promise<{ orders: Listed[]; capped: boolean }>;
  ordersSheet(orders: object[], timeZone: string): Rows;
  stockSheet(lines: object[]): Rows;
  setLanguage(language: 'en' | 'zh-CN'): void;
  spreadsheet(rows: Rows): string;
};

beforeAll(async () => {
  vi.stubGlobal('localStorage', { getItem: () => 'en', setItem: () => {} });
  vi.stubGlobal('navigator', { language: 'en-US' });
  vi.stubGlobal('document', { documentElement: {} });
  vi.stubGlobal('sessionStorage', { getItem: () => null });
  // By a path tsc does not follow: the console's modules are typed for the browser (console/tsconfig.json).
  const load = (module: string) => import(`../console/src/${module}.ts`);
  const [api, orders, stock, i18n, csv] = await Promise.all(
    ['order-api', 'orders-csv', 'stock-csv', 'i18n', 'csv'].map(load),
  );
  ui = {
    ordersBetween: api.ordersBetween,
    ordersSheet: orders.ordersSheet,
    stockSheet: stock.stockSheet,
    setLanguage: i18n.setLanguage,
    spreadsheet: csv.spreadsheet,
  };
  // Said, not left to the stubs: another file of this worker may have loaded i18n.ts first (isolate: false).
  ui.setLanguage('en');
});

afterAll(() => {
  vi.unstubAllGlobals();
});

const line = (qty: number, name: string) => ({ qty, name });
const order = (over: object) => ({
  id: '7f30ba9f-0000-4000-8000-000000000001',
  type: 'pickup',
  status: 'completed',
  shopper_id: 'a0000000-0000-4000-8000-000000000001',
  customer: null,
  lines: [line(2, '光明鲜牛奶 950ml'), line(1, 'Oatly燕麦奶 1L')],
  subtotal_cents: 3980,
  discount_cents: 500,
  delivery_fee_cents: 0,
  total_cents: 3480,
  payment: { method: 'wechatpay', amount_cents: 3480, transaction_id: 'wx1' },
  created_at: '2026-11-27T16:05:00Z',
  paid_at: '2026-11-27T16:06:30Z',
  ...over,
});

describe('the orders sheet', () => {
  it('writes an order as a bookkeeper reads it, on the store clock, oldest first', () => {
    const member = { membership_id: 'm', member_no: '2157951825', name: '王芳', tier: null };
    const sheet = ui.ordersSheet(
      [
        order({ customer: member, refunded_cents: 1200 }),
        order({
          id: '49ec8a5a-0000-4000-8000-000000000002',
          type: 'delivery',
          status: 'created',
          shopper_id: null,
          lines: [line(1, '乐事原味薯片 70g')],
          subtotal_cents: 790,
          discount_cents: 0,
          delivery_fee_cents: 600,
          total_cents: 1390,
          payment: null,
          created_at: '2026-11-27T15:59:00Z',
          paid_at: null,
        }),
      ],
      'Asia/Shanghai',
    );
    expect(sheet).toEqual([
      [
        'Order number',
        'Placed at',
        'Paid at',
        'Type',
        'Status',
        'Member no.',
        'Customer',
        'Items',
        'Subtotal ¥',
        'Discount ¥',
        'Delivery fee ¥',
        'Total ¥',
        'Refunded ¥',
        'Payment method',
      ],
      // Placed just before midnight in Shanghai: the 27th there, though the 28th began in UTC after.
      [
        '#49EC8A5A',
        '2026-11-27 23:59',
        '',
        'Delivery',
        'created',
        '',
        'Taken at the till',
        '1× 乐事原味薯片 70g',
        '7.90',
        '0.00',
        '6.00',
        '13.90',
        '0.00',
        '',
      ],
      [
        '#7F30BA9F',
        '2026-11-28 00:05',
        '2026-11-28 00:06',
        'Pickup',
        'completed',
        '2157951825',
        '王芳',
        '2× 光明鲜牛奶 950ml; 1× Oatly燕麦奶 1L',
        '39.80',
        '5.00',
        '0.00',
        '34.80',
        '12.00',
        'WeChat Pay',
      ],
    ]);
  });

  it('names a shopper who is no member, a member without a name, and a demo payment; in Chinese too', () => {
    const rows = ui.ordersSheet(
      [
        order({ payment: { method: 'demo' } }),
        order({ customer: { membership_id: 'm', member_no: '1000000001', name: null, tier: null } }),
      ],
      'Asia/Shanghai',
    );
    expect(rows.slice(1).map((r) => r.slice(5, 7))).toEqual([
      ['1000000001', ''],
      ['', 'Not a member'],
    ]);
    expect(rows[2]![13]).toBe('Demo payment (no money moved)');
    ui.setLanguage('zh-CN');
    try {
      const [heading, row] = ui.ordersSheet([order({ status: 'refunded' })], 'Asia/Shanghai');
      expect(heading!.slice(0, 3)).toEqual(['订单号', '下单时间', '支付时间']);
      expect(row!.slice(3, 5)).toEqual(['自提', '已退款']);
      expect(row![13]).toBe('微信支付');
    } finally {
      ui.setLanguage('en');
    }
  });
});

describe('the stock-take sheet', () => {
  it('lists each SKU with its figures, low as yes or no, and an empty column to count into', () => {
    const shelf = (over: object) => ({
      code: 'DRY-005',
      name: 'Oatly燕麦奶',
      sku_name: '1L',
      barcode: '7394376616037',
      category: '乳品',
      on_hand: 14,
      reserved: 2,
      available: 12,
      low: false,
      ...over,
    });
    expect(
      ui.stockSheet([
        shelf({}),
        shelf({
          code: 'NEW-01',
          name: '新品 1',
          sku_name: '',
          barcode: null,
          category: null,
          on_hand: 0,
          reserved: 0,
          available: 0,
          low: true,
        }),
      ]),
    ).toEqual([
      ['SKU code', 'Product', 'Barcode', 'Category', 'On hand', 'Reserved', 'Available', 'Low', 'Counted'],
      ['DRY-005', 'Oatly燕麦奶 1L', '7394376616037', '乳品', 14, 2, 12, 'no', ''],
      ['NEW-01', '新品 1', '', '', 0, 0, 0, 'yes', ''],
    ]);
  });
});

/**
 * A store's orders, one every `gap` ms back from `newest`, pairs placed in the same instant (one pair
 * straddling the end of each page of 400 the console reads), answered as GET /orders pages them:
 * newest first, before (and before_id) excluding the last one shown.
 */
function serveOrders(count: number, newest: number, gap: number): { reads: () => number } {
  const orders = Array.from({ length: count }, (_, n) => ({
    id: `00000000-0000-4000-8000-${String(count - n).padStart(12, '0')}`,
    created_at: new Date(newest - Math.floor((n + 1) / 2) * 2 * gap).toISOString(),
  }));
  let reads = 0;
  vi.stubGlobal('fetch', async (url: string) => {
    reads++;
    const query = new URL(url, 'http://console').searchParams;
    const before = query.get('before')!;
    const beforeId = query.get('before_id');
    const page = orders
      .filter(
        (o) => o.created_at < before || (o.created_at === before && beforeId !== null && o.id < beforeId),
      )
      .slice(0, Number(query.get('limit')));
    return new Response(JSON.stringify(page), { headers: { 'content-type': 'application/json' } });
  });
  return { reads: () => reads };
}

describe('the file a spreadsheet opens', () => {
  it('keeps text that begins like a formula as text, and numbers as numbers', () => {
    const file = ui.spreadsheet([
      ['name', 'difference', 'total'],
      ['=HYPERLINK("http://x.example","点我")', -3, '-12.50'],
      ['@SUM(A1)', '+5', '燕麦奶 -1L'],
      ['-2+3', 0, '\tTab'],
    ]);
    expect(file.startsWith('\uFEFF')).toBe(true);
    expect(file.slice(1).split('\r\n')).toEqual([
      'name,difference,total',
      `"'=HYPERLINK(""http://x.example"",""点我"")",-3,-12.50`,
      "'@SUM(A1),+5,燕麦奶 -1L",
      "'-2+3,0,'\tTab",
      '',
    ]);
  });
});

describe('the orders a download reads', () => {
  const now = Date.parse('2026-11-28T00:00:00Z');

  it('reads back page after page to the first day, each order once, instants shared across pages too', async () => {
    const served = serveOrders(2000, now - 1000, 60_000);
    const since = new Date(now - 900 * 60_000);
    const { orders, capped } = await ui.ordersBetween('store', {
      since,
      until: new Date(now),
      status: undefined,
    });
    expect(capped).toBe(false);
    expect(orders).toHaveLength(899);
    expect(new Set(orders.map((o) => o.id)).size).toBe(899);
    expect(orders.every((o) => Date.parse(o.created_at) >= since.getTime())).toBe(true);
    expect(served.reads()).toBe(3);
  });

  it('stops at the newest 10,000 and says the file is capped', async () => {
    serveOrders(10_050, now - 1000, 1000);
    const range = { since: new Date(now - 86_400_000), until: new Date(now), status: undefined };
    const { orders, capped } = await ui.ordersBetween('store', range);
    expect(capped).toBe(true);
    expect(orders).toHaveLength(10_000);
    expect(new Set(orders.map((o) => o.id)).size).toBe(10_000);
    expect(orders[0]!.id).toBe('00000000-0000-4000-8000-000000010050');
  });

  it('is not capped at exactly 10,000', async () => {
    serveOrders(10_000, now - 1000, 1000);
    const range = { since: new Date(now - 86_400_000), until: new Date(now), status: undefined };
    expect((await ui.ordersBetween('store', range)).capped).toBe(false);
  });
});
