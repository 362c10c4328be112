import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../server/schemas.js';

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
