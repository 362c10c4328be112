/** The shape of a product chosen for a shopper: one TypeBox schema for the OpenAPI and the TS type. */
import { type Static, Type } from 'typebox';

/** Why a product was chosen, for the shopper's screen and the marketer's log. */
export const PickReason = Type.Union(
  [
    Type.Literal('popular_in_zone'),
    Type.Literal('in_zone'),
    Type.Literal('popular_in_store'),
    Type.Literal('for_you'),
  ],
  {
    description:
      "Why it was chosen: sells best at the zone, placed at the zone, sells best in the store, or the ranking model's pick for this shopper, here and now",
  },
);
export type PickReason = Static<typeof PickReason>;

export const RankedProduct = Type.Object({
  sku_id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  image: Type.Union([Type.String(), Type.Null()]),
  category_id: Type.Optional(
    Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'the tile drawn without a photo is coloured by it (offers sent before it have none)',
    }),
  ),
  price_cents: Type.Integer({ description: "What the shelf asks: the store's price, else the list price" }),
  member_price_cents: Type.Union([Type.Integer(), Type.Null()], {
    description: "What this shopper pays as a member, when their tier's price is lower; null otherwise",
  }),
  place: Type.Union(
    [
      Type.Object({
        level: Type.Integer(),
        shelf: Type.Union([Type.String(), Type.Null()]),
        slot: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'Where it sits in the store; null when it has no place on the map' },
  ),
  reason: PickReason,
});
export type RankedProduct = Static<typeof RankedProduct>;
