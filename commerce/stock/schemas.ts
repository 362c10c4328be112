import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../server/schemas.js';
import { MOVEMENT_SOURCES } from './history.js';
import { ADJUSTMENT_REASONS, MOVEMENT_KINDS } from './movements.js';

const Qty = Type.Integer({ minimum: 1, maximum: 100_000 });
const Reference = Type.String({ minLength: 1, maxLength: 200, description: 'POS receipt, delivery note…' });

export const QtyLine = Type.Object({ sku_id: Uuid, qty: Qty }, { additionalProperties: false });
const Lines = Type.Array(QtyLine, { minItems: 1, maxItems: 200 });

export const StockLevel = Type.Object(
  {
    store_id: Uuid,
    sku_id: Uuid,
    on_hand: Type.Integer(),
    reserved: Type.Integer(),
    available: Type.Integer(),
    version: Type.Integer(),
    updated_at: Timestamp,
  },
  { $id: 'StockLevel' },
);

export const StockQuery = Type.Object(
  { store_id: Type.Optional(Uuid), sku_id: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type StockQuery = Static<typeof StockQuery>;

export const MovementCreate = Type.Object(
  {
    kind: Type.Union(
      [Type.Literal('receipt'), Type.Literal('sale'), Type.Literal('return'), Type.Literal('adjustment')],
      { description: 'adjustment takes signed quantities (a count found more or fewer)' },
    ),
    store_id: Uuid,
    lines: Type.Array(
      Type.Object(
        { sku_id: Uuid, qty: Type.Integer({ minimum: -100_000, maximum: 100_000, not: { const: 0 } }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    reference: Type.Optional(Reference),
    reason: Type.Optional(
      Type.Enum(ADJUSTMENT_REASONS, {
        description: 'adjustments only: a stock take (count), goods damaged, expired or lost',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MovementCreate = Static<typeof MovementCreate>;

export const TransferCreate = Type.Object(
  { from_store_id: Uuid, to_store_id: Uuid, lines: Lines, reference: Type.Optional(Reference) },
  { additionalProperties: false },
);
export type TransferCreate = Static<typeof TransferCreate>;

export const OperationAnswer = Type.Object(
  {
    key: Type.String(),
    result: Type.Union([Type.Literal('applied'), Type.Literal('duplicate')]),
  },
  { $id: 'StockOperationAnswer' },
);

export const ReservationCreate = Type.Object(
  {
    store_id: Uuid,
    lines: Lines,
    ttl_s: Type.Optional(
      Type.Integer({ minimum: 30, maximum: 86_400, description: 'default STOCK_RESERVATION_TTL_S (900)' }),
    ),
  },
  { additionalProperties: false },
);
export type ReservationCreate = Static<typeof ReservationCreate>;

export const Reservation = Type.Object(
  {
    id: Uuid,
    key: Type.String(),
    store_id: Uuid,
    lines: Type.Array(QtyLine, { description: 'demand per stocked SKU (bundles expanded)' }),
    status: Type.Union(['held', 'committed', 'released', 'expired'].map((s) => Type.Literal(s))),
    expires_at: Timestamp,
    created_at: Timestamp,
    settled_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Reservation' },
);

export const StoreStockQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'words of the name, SKU code or barcode; or pinyin initials',
      }),
    ),
    category_id: Type.Optional(Uuid),
    low: Type.Optional(Type.Boolean({ description: 'only SKUs with LOW_STOCK_UNITS or fewer available' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type StoreStockQuery = Static<typeof StoreStockQuery>;

export const ShelfLine = Type.Object(
  {
    sku_id: Uuid,
    product_id: Uuid,
    name: Type.String({ description: 'the product' }),
    sku_name: Type.String({ description: 'the variant, e.g. 1L (may be empty)' }),
    code: Type.String(),
    barcode: Type.Union([Type.String(), Type.Null()]),
    category_id: Type.Union([Uuid, Type.Null()]),
    category: Type.Union([Type.String(), Type.Null()]),
    on_hand: Type.Integer(),
    reserved: Type.Integer({ description: 'held by unpaid orders and holds' }),
    available: Type.Integer(),
    low: Type.Boolean(),
    updated_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'ShelfLine' },
);

export const StoreStock = Type.Object(
  {
    low_at: Type.Integer({ description: 'a SKU is low with this many units available or fewer' }),
    total: Type.Integer({ description: 'SKUs matching, over all pages' }),
    lines: Type.Array(Type.Ref('ShelfLine')),
  },
  { $id: 'StoreStock' },
);

export const MovementQuery = Type.Object(
  { store_id: Uuid, sku_id: Uuid, limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  { additionalProperties: false },
);
export type MovementQuery = Static<typeof MovementQuery>;

export const MovementEntry = Type.Object(
  {
    id: Type.String({ description: "the ledger's id" }),
    at: Timestamp,
    kind: Type.Enum(MOVEMENT_KINDS),
    reason: Type.Union([Type.Enum(ADJUSTMENT_REASONS), Type.Null()]),
    on_hand_delta: Type.Integer(),
    reserved_delta: Type.Integer(),
    on_hand_after: Type.Integer(),
    reserved_after: Type.Integer(),
    source: Type.Enum(MOVEMENT_SOURCES, {
      description:
        'where it came from: staff by hand, an order, a till, a refund, the demo, or another API client',
    }),
    recorded_by: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
    key: Type.String(),
    reference: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'StockMovementEntry' },
);
