import { describe, expect, it } from 'vitest';
import { membersFromCsv, productsFromCsv, recordsFromCsv } from './csv.js';

const store = '3f2b8f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('recordsFromCsv', () => {
  it('groups rows into records by record id and kind', () => {
    const csv = `record_id,kind,store_id,barcode,qty,reference
POS-1,sale,${store},6921168509256,2,till 3
POS-1,sale,${store},6954767423579,1,till 3
GRN-7,receipt,${store},6921168509256,48,
`;
    expect(recordsFromCsv(csv)).toEqual([
      {
        id: 'POS-1',
        kind: 'sale',
        store_id: store,
        reference: 'till 3',
        lines: [
          { barcode: '6921168509256', qty: 2 },
          { barcode: '6954767423579', qty: 1 },
        ],
      },
      { id: 'GRN-7', kind: 'receipt', store_id: store, lines: [{ barcode: '6921168509256', qty: 48 }] },
    ]);
  });

  it('names the line of a bad row and the missing columns', () => {
    expect(() =>
      recordsFromCsv(`record_id,kind,store_id,barcode,qty\nA,theft,${store},6921168509256,1\n`),
    ).toThrow(/line 2: kind/);
    expect(() =>
      recordsFromCsv(`record_id,kind,store_id,barcode,qty\nA,sale,${store},6921168509256,0\n`),
    ).toThrow(/line 2: qty/);
    expect(() => recordsFromCsv('record_id,kind\nA,sale\n')).toThrow(/store_id, barcode, qty/);
  });
});

describe('productsFromCsv', () => {
  it('makes one record per record id with a SKU per row, member and store prices included', () => {
    const csv = `record_id,product_name,category,sku_code,barcode,sku_name,price_cents,member_prices,store_prices
P-1,桂花糕,点心,PST-001,6921168509256,4 pcs,1290,gold=1150;silver=1200,${store}=1390
P-1,桂花糕,点心,PST-002,,8 pcs,2390,,${store}=off
P-2,豆浆,,SOY-1,,,500,,${store}=list
`;
    expect(productsFromCsv(csv)).toEqual([
      {
        id: 'P-1',
        product: { name: '桂花糕', category: '点心' },
        skus: [
          {
            code: 'PST-001',
            barcode: '6921168509256',
            name: '4 pcs',
            price_cents: 1290,
            member_prices: { gold: 1150, silver: 1200 },
            store_prices: [{ store_id: store, price_cents: 1390, available: true }],
          },
          {
            code: 'PST-002',
            name: '8 pcs',
            price_cents: 2390,
            store_prices: [{ store_id: store, price_cents: null, available: false }],
          },
        ],
      },
      {
        id: 'P-2',
        product: { name: '豆浆' },
        skus: [
          {
            code: 'SOY-1',
            price_cents: 500,
            store_prices: [{ store_id: store, price_cents: null, available: true }],
          },
        ],
      },
    ]);
  });

  it('names the line and the cell that is wrong', () => {
    const head = 'record_id,product_name,sku_code,price_cents,member_prices,store_prices\n';
    expect(() => productsFromCsv(`${head}P,Tea,T-1,12.5,,\n`)).toThrow(/line 2: price_cents/);
    expect(() => productsFromCsv(`${head}P,Tea,T-1,100,Gold=1,\n`)).toThrow(/line 2: member_prices/);
    expect(() => productsFromCsv(`${head}P,Tea,T-1,100,,SH001=1\n`)).toThrow(/line 2: store_prices/);
    expect(() => productsFromCsv(`${head}P,Tea,T-1,100,,\nP,Coffee,C-1,100,,\n`)).toThrow(
      /line 3: .*two products/,
    );
  });
});

describe('membersFromCsv', () => {
  it('reads one member per row, leaving out empty cells', () => {
    expect(
      membersFromCsv(
        'record_id,member_no,phone,tier,points\nM-1,FM-1001,13800000000,gold,120\nM-2,FM-1002,,,\n',
      ),
    ).toEqual([
      { id: 'M-1', member_no: 'FM-1001', phone: '13800000000', tier: 'gold', points: 120 },
      { id: 'M-2', member_no: 'FM-1002' },
    ]);
  });

  it('refuses negative points, bad tiers and a record id twice', () => {
    expect(() => membersFromCsv('record_id,member_no,points\nM,FM-1001,-1\n')).toThrow(/line 2: points/);
    expect(() => membersFromCsv('record_id,member_no,tier\nM,FM-1001,Gold\n')).toThrow(/line 2: tier/);
    expect(() => membersFromCsv('record_id,member_no\nM,FM-1001\nM,FM-1002\n')).toThrow(/line 3/);
    expect(() => membersFromCsv('record_id,phone\nM,1380000\n')).toThrow(/member_no/);
  });
});
