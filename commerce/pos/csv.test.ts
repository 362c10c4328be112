import { describe, expect, it } from 'vitest';
import { recordsFromCsv } from './csv.js';

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
