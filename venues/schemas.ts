import { type Static, Type } from 'typebox';
import { Uuid } from '../server/schemas.js';
import { PLACE_PATTERN } from './places.js';
import { HEADINGS, TURNS } from './step-codes.js';
import { CONNECTOR_KINDS, FEATURE_KINDS } from './venue-map.js';

const Coordinate = Type.Number({ minimum: -100_000, maximum: 100_000 });
const Point = Type.Tuple([Coordinate, Coordinate], { description: '[x, y] metres in the store frame' });
const Polygon = Type.Array(Point, {
  minItems: 3,
  maxItems: 5000,
  description: 'A ring; the last point need not repeat the first',
});
const LevelNo = Type.Integer({ minimum: -10, maximum: 100, description: '0 ground, -1 basement' });
const Name = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]);
const Id = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'A UUID; other ids are replaced by new UUIDs on save',
});
const LevelPoint = Type.Object(
  { level: LevelNo, x: Coordinate, y: Coordinate },
  { additionalProperties: false },
);

const Feature = Type.Object(
  {
    id: Id,
    level: LevelNo,
    kind: Type.Union(FEATURE_KINDS.map((k) => Type.Literal(k))),
    name: Name,
    polygon: Polygon,
    height_m: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 50 }), Type.Null()]),
    properties: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

/** One zone drawn on its own (a marketer's campaign area), added to the map as it stands. */
export const ZoneCreate = Type.Object(
  { level: LevelNo, name: Type.String({ minLength: 1, maxLength: 200 }), polygon: Polygon },
  { additionalProperties: false },
);
export type ZoneCreate = Static<typeof ZoneCreate>;
export const ZoneCreated = Feature;

/** At most a campaign's zones (marketing's trigger takes 200) in one address. */
const MAX_ZONE_IDS = 200;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const ZonesQuery = Type.Object(
  {
    ids: Type.Optional(
      Type.String({
        pattern: `^${UUID}(,${UUID})*$`,
        maxLength: MAX_ZONE_IDS * 37 - 1,
        description: `Only these zones, comma-separated (at most ${MAX_ZONE_IDS}); an id on no map is left out`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type ZonesQuery = Static<typeof ZonesQuery>;

/** A zone of the brand's maps, without its polygon: enough to name it and know which store has it. */
export const ZoneSummary = Type.Object({
  id: Uuid,
  store_id: Uuid,
  level: Type.Integer(),
  level_name: Type.String({ description: "The level's name, as the map editor shows it" }),
  name: Type.Union([Type.String(), Type.Null()]),
});

export const VenueMapBody = Type.Object(
  {
    levels: Type.Array(
      Type.Object(
        {
          level: LevelNo,
          name: Type.String({ minLength: 1, maxLength: 100 }),
          height_m: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
          outline: Polygon,
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    features: Type.Array(Feature, { maxItems: 5000 }),
    connectors: Type.Array(
      Type.Object(
        {
          id: Id,
          kind: Type.Union(CONNECTOR_KINDS.map((k) => Type.Literal(k))),
          name: Name,
          from: LevelPoint,
          to: LevelPoint,
          seconds: Type.Number({ minimum: 0, maximum: 3600 }),
          two_way: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    products: Type.Array(
      Type.Object(
        {
          sku: Type.String({ minLength: 1, maxLength: 64 }),
          feature: Type.String({ minLength: 1, maxLength: 100, description: 'id of the shelf' }),
          slot: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
          level: LevelNo,
          x: Coordinate,
          y: Coordinate,
        },
        { additionalProperties: false },
      ),
      { maxItems: 100_000 },
    ),
  },
  { additionalProperties: false, $id: 'VenueMap', description: "A store's map in its local frame (metres)" },
);

const Transform = Type.Object(
  {
    a: Type.Number(),
    b: Type.Number(),
    c: Type.Number(),
    d: Type.Number(),
    e: Type.Number(),
    f: Type.Number(),
  },
  {
    additionalProperties: false,
    description: 'x = a·u + b·v + e, y = c·u + d·v + f from image pixels (u right, v down) to metres',
  },
);

export const FloorPlanInfo = Type.Object(
  {
    level: Type.Integer(),
    media_type: Type.String(),
    width_px: Type.Integer(),
    height_px: Type.Integer(),
    transform: Transform,
  },
  { $id: 'FloorPlanInfo' },
);

export const MapResponse = Type.Object({
  map: Type.Ref('VenueMap'),
  floor_plans: Type.Array(Type.Ref('FloorPlanInfo')),
});

/** The store's map as the shoppers' mini-program draws it (venues/shopper-map.ts says what it leaves out). */
export const ShopperMap = Type.Object(
  {
    levels: Type.Array(Type.Object({ level: Type.Integer(), name: Type.String(), outline: Polygon })),
    features: Type.Array(
      Type.Object({
        id: Uuid,
        level: Type.Integer(),
        kind: Type.Union(FEATURE_KINDS.map((k) => Type.Literal(k))),
        name: Type.Union([Type.String(), Type.Null()]),
        polygon: Polygon,
      }),
      { description: 'Walls and shelves (in the way), zones and openings (doors)' },
    ),
    connectors: Type.Array(
      Type.Object({
        id: Uuid,
        kind: Type.Union(CONNECTOR_KINDS.map((k) => Type.Literal(k))),
        name: Type.Union([Type.String(), Type.Null()]),
        from: LevelPoint,
        to: LevelPoint,
        two_way: Type.Boolean({ description: 'false: only from `from` to `to` (an escalator up)' }),
      }),
    ),
    products: Type.Array(
      Type.Object({
        sku: Type.String({ description: 'The SKU code, as `to=sku:<code>` of a route takes it' }),
        name: Type.String({ description: 'Product name and variant, as the catalogue has them' }),
        feature: Uuid,
        shelf: Type.Union([Type.String(), Type.Null()], { description: "The shelf's name on the map" }),
        slot: Type.Union([Type.String(), Type.Null()]),
        level: Type.Integer(),
        x: Type.Number(),
        y: Type.Number(),
      }),
      {
        description:
          'Where each product the store sells now stands: the spot in front of its shelf, where a route to it ends',
      },
    ),
  },
  {
    $id: 'ShopperMap',
    description:
      "A store's map for shoppers, in its local frame (metres): no beacons, floor plan images, feature properties or products not on sale",
  },
);

export const LevelQuery = Type.Object({ level: LevelNo }, { additionalProperties: false });

export const FloorPlanUpload = Type.Object(
  {
    media_type: Type.Union(
      ['image/png', 'image/jpeg', 'image/svg+xml', 'image/webp'].map((t) => Type.Literal(t)),
    ),
    image_base64: Type.String({ minLength: 4, maxLength: 14_000_000 }),
    width_px: Type.Integer({ minimum: 1, maximum: 20_000 }),
    height_px: Type.Integer({ minimum: 1, maximum: 20_000 }),
    transform: Type.Optional(Transform),
  },
  { additionalProperties: false },
);
export type FloorPlanUpload = Static<typeof FloorPlanUpload>;

const Pixel = Type.Tuple([Type.Number(), Type.Number()], { description: '[u, v] pixels, v down' });
export const ScaleBody = Type.Object(
  {
    points: Type.Tuple(
      [
        Type.Object({ px: Pixel, at: Point }, { additionalProperties: false }),
        Type.Object({ px: Pixel, at: Point }, { additionalProperties: false }),
      ],
      {
        description:
          'Two pixels of the plan and where each is in the store frame: sets scale, rotation and offset',
      },
    ),
  },
  { additionalProperties: false },
);
export type ScaleBody = Static<typeof ScaleBody>;

export const ImdfBody = Type.Object(
  {
    archive_base64: Type.String({ minLength: 4, maxLength: 28_000_000, description: 'the IMDF zip, base64' }),
  },
  { additionalProperties: false },
);

export const RouteQuery = Type.Object(
  {
    from: Type.String({
      pattern: PLACE_PATTERN,
      description:
        'x,y,level | zone:<name or id> (a zone or a door, e.g. zone:Entrance: from its walkable spot nearest its middle) | sku:<code> (from in front of its shelf)',
    }),
    to: Type.String({
      pattern: PLACE_PATTERN,
      description: 'x,y,level | zone:<name or id> (a zone or a door) | sku:<code>',
    }),
  },
  { additionalProperties: false },
);

export const RouteStep = Type.Object({
  kind: Type.Union([
    Type.Literal('depart'),
    Type.Literal('turn'),
    Type.Literal('connector'),
    Type.Literal('arrive'),
  ]),
  instruction: Type.String({ description: 'The step in English: "Turn left at Aisle 7"' }),
  distance_m: Type.Number({ description: 'Metres walked after this step, until the next' }),
  level: Type.Integer(),
  x: Type.Number(),
  y: Type.Number(),
  turn: Type.Optional(
    Type.Enum(TURNS, { description: "A turn step's turn (step_off: off a connector, walking on)" }),
  ),
  heading: Type.Optional(
    Type.Enum(HEADINGS, { description: 'Which way the departure heads, on the floor plan (its y is north)' }),
  ),
  landmark: Type.Optional(Type.String({ description: 'The named shelf or zone the step happens at' })),
  place: Type.Optional(
    Type.String({ description: 'What a depart or arrive step starts from or arrives at, when named' }),
  ),
  connector: Type.Optional(
    Type.Object({
      kind: Type.Enum(CONNECTOR_KINDS),
      name: Type.Optional(Type.String({ description: 'As the map names it: "Lift A"' })),
    }),
  ),
  to_level: Type.Optional(Type.Integer({ description: "Where a connector step's ride goes" })),
  to_level_name: Type.Optional(Type.String({ description: "That level's name on the map" })),
});
export type RouteStep = Static<typeof RouteStep>;

export const RouteResponse = Type.Object({
  distance_m: Type.Number(),
  duration_s: Type.Number(),
  path: Type.Array(Type.Object({ level: Type.Integer(), x: Type.Number(), y: Type.Number() })),
  steps: Type.Array(RouteStep),
  geojson: Type.Union([Type.Unknown(), Type.Null()], {
    description: 'FeatureCollection in WGS84, null without a georeference',
  }),
});
export type RouteResponse = Static<typeof RouteResponse>;

export const GeoJsonBody = Type.Object(
  { type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown(), { maxItems: 100_000 }) },
  { description: 'GeoJSON FeatureCollection, WGS84; properties.ss_type says what each feature is' },
);
