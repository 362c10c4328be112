/**
 * The exchange format with tills and ERPs, as JSON Schema (TypeBox), published in the OpenAPI
 * document under /docs/json. A batch is a list of records, each with the sender's own id; the
 * answer names every record applied, duplicate (seen before: nothing changed) or rejected
 * (with the coded reason), so a sender can resend a whole batch safely.
 */
import { type Static, Type } from 'typebox';
import { Uuid } from '../../server/schemas.js';
import { Barcode } from '../catalogue/schemas.js';

const RecordId = Type.String({
  pattern: '^[A-Za-z0-9._:/-]{1,100}$',
  description:
    "the sender's id of the record (POS receipt number, ERP document id); resending it is harmless",
});

const PosLine = Type.Union([
  Type.Object(
    { sku_id: Uuid, qty: Type.Integer({ minimum: -100_000, maximum: 100_000 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { barcode: Barcode, qty: Type.Integer({ minimum: -100_000, maximum: 100_000 }) },
    { additionalProperties: false },
  ),
]);
export type PosLine = Static<typeof PosLine>;

export const StockMovementRecord = Type.Object(
  {
    id: RecordId,
    kind: Type.Union(
      ['receipt', 'sale', 'return', 'adjustment'].map((k) => Type.Literal(k)),
      {
        description:
          'sale: sold at the till; receipt: delivered; return: brought back; adjustment: counted (signed)',
      },
    ),
    store_id: Uuid,
    lines: Type.Array(PosLine, { minItems: 1, maxItems: 500 }),
    reference: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, $id: 'PosStockMovementRecord' },
);
export type StockMovementRecord = Static<typeof StockMovementRecord>;

export const StockMovementBatch = Type.Object(
  { records: Type.Array(Type.Ref('PosStockMovementRecord'), { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type StockMovementBatch = { records: StockMovementRecord[] };

export const RecordResult = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('applied'), Type.Literal('duplicate'), Type.Literal('rejected')]),
    code: Type.Optional(
      Type.String({ description: 'why a record was rejected, e.g. SS_ERR_STOCK_INSUFFICIENT' }),
    ),
    reason: Type.Optional(Type.String()),
  },
  { $id: 'PosRecordResult' },
);
export type RecordResult = Static<typeof RecordResult>;
