/**
 * The demo chain's catalogue: a few dozen everyday grocery products with (made-up, valid)
 * EAN-13 barcodes, Chinese names for pinyin search, member prices, store prices, opening stock
 * and delivery zones; drinks made at the coffee counter of the stores that have one.
 * Built through the commerce functions, idempotent: a SKU code that exists is left as it is, and
 * opening stock is a receipt whose ledger key makes it happen once.
 */
import type { Tx } from '../db/pool.js';
import { listStores } from '../stores/index.js';
import { createCategory, listCategories } from './catalogue/categories.js';
import { ean13 } from './catalogue/ean13.js';
import { createProduct, setStorePrice, skuIdsByCode } from './catalogue/products.js';
import { deliveryZones, setDeliveryZone } from './orders/delivery.js';
import { applyStockOperation } from './stock/movements.js';

/** The drinks made to order at a store's coffee counter (the `coffee_counter` service): sold only there. */
export const COFFEE_CATEGORY = '咖啡 Coffee';
const COFFEE_SERVICE = 'coffee_counter';
/** Cups a counter can make of each drink before the demo sells out: a busy day's worth. */
const COFFEE_CUPS = 300;

interface DemoProduct {
  code: string;
  name: string;
  variant: string;
  price: number;
  gold?: number;
}

const CATALOGUE: Record<string, DemoProduct[]> = {
  '饮料 Drinks': [
    { code: 'DRK-001', name: '农夫山泉饮用天然水', variant: '550ml', price: 200, gold: 180 },
    { code: 'DRK-002', name: '可口可乐', variant: '330ml罐装', price: 350 },
    { code: 'DRK-003', name: '元气森林苏打气泡水', variant: '480ml', price: 550, gold: 500 },
    { code: 'DRK-004', name: '东方树叶乌龙茶', variant: '500ml', price: 600 },
    { code: 'DRK-005', name: '维他柠檬茶', variant: '250ml', price: 450 },
    { code: 'DRK-006', name: '椰树椰汁', variant: '245ml', price: 500 },
  ],
  '乳品 Dairy': [
    { code: 'DRY-001', name: '光明鲜牛奶', variant: '950ml', price: 1590, gold: 1450 },
    { code: 'DRY-002', name: '蒙牛纯牛奶', variant: '250ml×12', price: 4990 },
    { code: 'DRY-003', name: '伊利安慕希酸奶', variant: '205g', price: 650 },
    { code: 'DRY-004', name: '简爱原味酸奶', variant: '135g', price: 890, gold: 800 },
    { code: 'DRY-005', name: 'Oatly燕麦奶', variant: '1L', price: 3290 },
  ],
  '零食 Snacks': [
    { code: 'SNK-001', name: '乐事原味薯片', variant: '70g', price: 790 },
    { code: 'SNK-002', name: '三只松鼠每日坚果', variant: '25g', price: 590, gold: 520 },
    { code: 'SNK-003', name: '奥利奥夹心饼干', variant: '97g', price: 650 },
    { code: 'SNK-004', name: '大白兔奶糖', variant: '227g', price: 1990 },
    { code: 'SNK-005', name: '卫龙辣条', variant: '106g', price: 500 },
    { code: 'SNK-006', name: '旺旺雪饼', variant: '84g', price: 690 },
  ],
  '粮油 Staples': [
    { code: 'STP-001', name: '五常大米', variant: '5kg', price: 6990, gold: 6490 },
    { code: 'STP-002', name: '金龙鱼花生油', variant: '1.8L', price: 4590 },
    { code: 'STP-003', name: '海天生抽酱油', variant: '500ml', price: 890 },
    { code: 'STP-004', name: '恒顺香醋', variant: '500ml', price: 790 },
    { code: 'STP-005', name: '康师傅红烧牛肉面', variant: '5连包', price: 1490 },
    { code: 'STP-006', name: '鲁花挂面', variant: '1kg', price: 1290 },
  ],
  '生鲜 Fresh': [
    { code: 'FRS-001', name: '红富士苹果', variant: '1kg', price: 1290, gold: 1090 },
    { code: 'FRS-002', name: '海南香蕉', variant: '1kg', price: 890 },
    { code: 'FRS-003', name: '散养土鸡蛋', variant: '10枚', price: 1590 },
    { code: 'FRS-004', name: '上海青', variant: '500g', price: 490 },
    { code: 'FRS-005', name: '西红柿', variant: '500g', price: 690 },
    { code: 'FRS-006', name: '全麦吐司面包', variant: '400g', price: 1290 },
  ],
  '日用 Household': [
    { code: 'HSH-001', name: '维达抽纸', variant: '3层100抽×6包', price: 2290 },
    { code: 'HSH-002', name: '立白洗洁精', variant: '1.5kg', price: 1590 },
    { code: 'HSH-003', name: '舒肤佳香皂', variant: '115g×3', price: 1490, gold: 1290 },
    { code: 'HSH-004', name: '高露洁牙膏', variant: '140g', price: 1190 },
  ],
  [COFFEE_CATEGORY]: [
    { code: 'COF-001', name: '美式咖啡', variant: '中杯 355ml', price: 1500 },
    { code: 'COF-002', name: '拿铁咖啡', variant: '中杯 355ml', price: 1800, gold: 1600 },
    { code: 'COF-003', name: '燕麦拿铁咖啡', variant: '中杯 355ml', price: 2000 },
  ],
};

/** A bundle stocked as its components: two cartons of milk and a loaf. */
const BREAKFAST_SET = {
  code: 'SET-001',
  name: '早餐组合',
  variant: '鲜牛奶×2+吐司',
  price: 3990,
  components: [
    { code: 'DRY-001', qty: 2 },
    { code: 'FRS-006', qty: 1 },
  ],
};

/** Opening stock varies by store and product, and a few shelves run low, so demos can sell out. */
const openingStock = (productIndex: number, storeIndex: number) =>
  ((productIndex * 37 + storeIndex * 19) % 60) + 3;

export interface DemoStore {
  id: string;
  code: string;
}

export async function seedDemoCatalogue(tx: Tx, tenantId: string, stores: DemoStore[]): Promise<string[]> {
  const created: string[] = [];
  const categories = new Map((await listCategories(tx)).map((c) => [c.name, c.id]));
  const allCodes = [
    ...Object.values(CATALOGUE)
      .flat()
      .map((p) => p.code),
    BREAKFAST_SET.code,
  ];
  const existing = await skuIdsByCode(tx, allCodes);
  const coffeeCounters = new Set(
    (await listStores(tx)).filter((s) => s.services.includes(COFFEE_SERVICE)).map((s) => s.id),
  );
  let index = 0;
  for (const [categoryName, products] of Object.entries(CATALOGUE)) {
    let categoryId = categories.get(categoryName);
    if (!categoryId) {
      categoryId = (await createCategory(tx, tenantId, { name: categoryName, sort: categories.size })).id;
      categories.set(categoryName, categoryId);
      created.push(`category ${categoryName}`);
    }
    for (const item of products) {
      index++;
      if (existing.has(item.code)) continue;
      const product = await createProduct(tx, tenantId, {
        name: item.name,
        category_id: categoryId,
        skus: [
          {
            code: item.code,
            barcode: ean13(`692${String(7000000 + index * 131).padStart(9, '0')}`),
            name: item.variant,
            price_cents: item.price,
            ...(item.gold ? { member_prices: { gold: item.gold } } : {}),
          },
        ],
      });
      const skuId = product.skus[0]!.id;
      existing.set(item.code, skuId);
      created.push(`product ${item.code}`);
      for (const [storeIndex, store] of stores.entries()) {
        // Xintiandi charges a little more; Jing'an Temple (pharmacy, parking) sells no fresh food.
        const fresh = item.code.startsWith('FRS');
        const coffee = categoryName === COFFEE_CATEGORY;
        if (store.code === 'SH002') {
          await setStorePrice(tx, tenantId, skuId, {
            store_id: store.id,
            price_cents: Math.round((item.price * 1.1) / 10) * 10,
            available: true,
          });
        }
        if ((store.code === 'SH003' && fresh) || (coffee && !coffeeCounters.has(store.id))) {
          await setStorePrice(tx, tenantId, skuId, {
            store_id: store.id,
            price_cents: null,
            available: false,
          });
          continue;
        }
        await applyStockOperation(tx, tenantId, {
          key: `demo-opening:${store.code}:${item.code}`,
          kind: 'receipt',
          reference: 'demo opening stock',
          lines: [
            {
              store_id: store.id,
              sku_id: skuId,
              on_hand_delta: coffee ? COFFEE_CUPS : openingStock(index, storeIndex),
              reserved_delta: 0,
            },
          ],
        });
      }
    }
  }
  // The stores that deliver (SH001, SH002) reach 3 km; free delivery from 59 yuan.
  const zoned = new Set((await deliveryZones(tx)).map((z) => z.store_id));
  for (const store of stores.filter((s) => s.code !== 'SH003' && !zoned.has(s.id))) {
    await setDeliveryZone(tx, tenantId, {
      store_id: store.id,
      radius_m: 3000,
      fee_cents: 600,
      free_over_cents: 5900,
    });
    created.push(`delivery zone ${store.code}`);
  }
  if (!existing.has(BREAKFAST_SET.code)) {
    await createProduct(tx, tenantId, {
      name: BREAKFAST_SET.name,
      category_id: categories.get('乳品 Dairy') ?? null,
      skus: [
        {
          code: BREAKFAST_SET.code,
          name: BREAKFAST_SET.variant,
          price_cents: BREAKFAST_SET.price,
          components: BREAKFAST_SET.components.map((c) => ({ sku_id: existing.get(c.code)!, qty: c.qty })),
        },
      ],
    });
    created.push(`bundle ${BREAKFAST_SET.code}`);
  }
  return created;
}
