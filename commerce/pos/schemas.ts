/**
 * The exchange format with tills and ERPs, as JSON Schema (TypeBox), published in the OpenAPI
 * document under /docs/json and described in docs/pos-exchange.md. A batch is a list of records
 * (stock movements, products with their SKUs, members), each with the sender's own id; the answer
 * names every record applied, duplicate (seen before: nothing changed) or rejected (with the
 * coded reason), so a sender can resend a whole batch safely.
 */
import { type Static, Type } from 'typebox';
import { MemberNo, Phone, TierCode } from '../../members/index.js';
import { Uuid } from '../../server/schemas.js';
import { Barcode, SkuCreate } from '../catalogue/schemas.js';

/** A sender's record id: the JSON schemas' pattern, and what the CSV import checks. */
export const RECORD_ID = '^[A-Za-z0-9._:/-]{1,100}$';
const RecordId = Type.String({
  pattern: RECORD_ID,
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
    member: Type.Optional(
      Type.Object(
        {
          member_no: MemberNo,
          spend_cents: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
          sold_at: Type.Optional(
            Type.String({
              format: 'date-time',
              description: 'when the till rang it up; when received if absent',
            }),
          ),
          of_sale: Type.Optional(
            Type.String({
              pattern: RECORD_ID,
              description:
                'return only: the record id of the sale the goods came from (the original receipt); campaigns then count that sale net of this return, and not at all once all of it is back',
            }),
          ),
        },
        {
          additionalProperties: false,
          description:
            "sale or return only: the member card the till scanned, and what they paid for the goods (sale) or got back (return); they earn points at their tier rate, or give back what that spend earns, and a sale counts in campaigns' attributed purchases",
        },
      ),
    ),
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

const { components: _bundles, ...skuFields } = SkuCreate.properties;

export const ProductRecord = Type.Object(
  {
    id: RecordId,
    product: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        category: Type.Optional(
          Type.String({ minLength: 1, maxLength: 100, description: 'category name; made if new' }),
        ),
        description: Type.Optional(Type.String({ maxLength: 5000 })),
        active: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    skus: Type.Array(
      Type.Object(
        {
          ...skuFields,
          active: Type.Optional(Type.Boolean()),
          store_prices: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  store_id: Uuid,
                  price_cents: Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], {
                    description: "the store's price; null: the list price",
                  }),
                  available: Type.Boolean({ description: 'whether the store sells it' }),
                },
                { additionalProperties: false },
              ),
              { maxItems: 500 },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      {
        minItems: 1,
        maxItems: 100,
        description:
          "SKUs by code: existing codes are updated, new ones added; all of a record's existing SKUs must be one product's",
      },
    ),
  },
  { additionalProperties: false, $id: 'PosProductRecord' },
);
export type ProductRecord = Static<typeof ProductRecord>;

export const ProductBatch = Type.Object(
  { records: Type.Array(Type.Ref('PosProductRecord'), { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type ProductBatch = { records: ProductRecord[] };

export const MemberRecord = Type.Object(
  {
    id: RecordId,
    member_no: MemberNo,
    phone: Type.Optional(Phone),
    tier: Type.Optional(
      Type.Union([TierCode], { description: 'a tier of the ladder the member never falls below' }),
    ),
    points: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100_000_000, description: "the member's balance on the till" }),
    ),
  },
  { additionalProperties: false, $id: 'PosMemberRecord' },
);
export type MemberRecord = Static<typeof MemberRecord>;

export const MemberBatch = Type.Object(
  { records: Type.Array(Type.Ref('PosMemberRecord'), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type MemberBatch = { records: MemberRecord[] };
