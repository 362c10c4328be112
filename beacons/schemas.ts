import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../server/schemas.js';

const UuidText = Type.String({
  pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
  description: 'iBeacon proximity UUID',
});
const Coordinate = Type.Number({ minimum: -100_000, maximum: 100_000 });
const placement = {
  name: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
  x: Coordinate,
  y: Coordinate,
  z: Type.Number({ minimum: 0, maximum: 100, description: "Height above its own level's floor, metres" }),
  level: Type.Integer({ minimum: -10, maximum: 100 }),
  tx_power: Type.Integer({ minimum: -120, maximum: 20, description: 'RSSI at 1 m, dBm' }),
  battery_pct: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
  firmware: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
};

export const BeaconCreate = Type.Object(
  {
    uuid: Type.Optional(UuidText),
    major: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 65535,
        description:
          "With minor, the identity of a beacon already flashed; without both, the server gives the next identity free in the brand: the UUID given (else the store's, else the brand's), the major the store uses on that level, and a name such as SH001 L0 #25",
      }),
    ),
    minor: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    x: placement.x,
    y: placement.y,
    name: Type.Optional(placement.name),
    z: Type.Optional(placement.z),
    level: Type.Optional(placement.level),
    tx_power: Type.Optional(placement.tx_power),
    battery_pct: Type.Optional(placement.battery_pct),
    firmware: Type.Optional(placement.firmware),
  },
  { additionalProperties: false },
);
export type BeaconCreate = Static<typeof BeaconCreate>;

export const BeaconUpdate = Type.Partial(Type.Object(placement, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type BeaconUpdate = Static<typeof BeaconUpdate>;

export const Beacon = Type.Object(
  {
    id: Uuid,
    store_id: Uuid,
    uuid: Type.String(),
    major: Type.Integer(),
    minor: Type.Integer(),
    ...placement,
    last_heard_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Beacon' },
);

export const CsvImport = Type.Object(
  { csv: Type.String({ maxLength: 5_000_000, description: `CSV with a header line` }) },
  { additionalProperties: false },
);

export const CsvRejected = Type.Object({
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  // Absent when the request itself was refused (no csv field, say): only a file read has lines to name.
  problems: Type.Optional(
    Type.Array(
      Type.Object({ line: Type.Integer(), column: Type.Optional(Type.String()), problem: Type.String() }),
    ),
  ),
});

export const BeaconSettings = Type.Object({
  path_loss_exponent: Type.Number({ minimum: 1, maximum: 6 }),
  silent_after_s: Type.Integer({
    minimum: 10,
    maximum: 604_800,
    description: 'Alert when a beacon is not heard this long',
  }),
});
export const BeaconSettingsPatch = Type.Partial(
  Type.Object(BeaconSettings.properties, { additionalProperties: false }),
  {
    additionalProperties: false,
    minProperties: 1,
  },
);

export const Health = Type.Object({
  silent_after_s: Type.Integer(),
  beacons: Type.Integer(),
  alerts: Type.Array(
    Type.Object({
      beacon_id: Uuid,
      anchor: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      kind: Type.String(),
      message: Type.String(),
    }),
  ),
});

export const AccuracyQuery = Type.Object(
  {
    level: Type.Integer({ minimum: -10, maximum: 100, default: 0 }),
    sigma_db: Type.Number({ minimum: 1, maximum: 15, default: 5, description: 'RSSI noise assumed, dB' }),
  },
  { additionalProperties: false },
);

export const AccuracyMap = Type.Object({
  level: Type.Integer(),
  cell: Type.Number(),
  origin: Type.Tuple([Type.Number(), Type.Number()]),
  cols: Type.Integer(),
  rows: Type.Integer(),
  error_m: Type.Array(Type.Union([Type.Number(), Type.Null()])),
  mean_m: Type.Number(),
  p90_m: Type.Number(),
  poor_share: Type.Number(),
  suggestions: Type.Array(
    Type.Object({ x: Type.Number(), y: Type.Number(), mean_m: Type.Number(), gain_m: Type.Number() }),
  ),
});

const PlanLevel = Type.Integer({ minimum: -10, maximum: 100 });

export const BeaconPlanAsk = Type.Object(
  {
    level: PlanLevel,
    spacing_m: Type.Optional(
      Type.Number({
        minimum: 4,
        maximum: 12,
        default: 6,
        description:
          'Metres between beacons on the ceiling grid: 6 keeps the blue dot within 3 m at p90 after the 4 m walk in the benchmark; 10 is too sparse',
      }),
    ),
  },
  { additionalProperties: false },
);

const PlannedBeacon = Type.Object(
  {
    x: placement.x,
    y: placement.y,
    z: Type.Optional(placement.z),
  },
  { additionalProperties: false },
);

export const BeaconPlan = Type.Object({
  level: Type.Integer(),
  spacing_m: Type.Number(),
  beacons: Type.Array(PlannedBeacon, {
    description:
      "Where new beacons would hang (not saved): grid points inside the level's outline no beacon of it is within a spacing of, then the holes still farther than ¾ of a spacing from every beacon",
  }),
  accuracy: Type.Object(
    {
      mean_m: Type.Number(),
      p90_m: Type.Number(),
      poor_share: Type.Number({ description: 'Share of the walkable floor predicted worse than 3 m' }),
    },
    { description: "The level's predicted accuracy with these beacons added to those it has" },
  ),
});

export type BeaconPlan = Static<typeof BeaconPlan>;

export const BeaconPlanAccept = Type.Object(
  {
    level: PlanLevel,
    beacons: Type.Array(PlannedBeacon, {
      minItems: 1,
      maxItems: 1000,
      description:
        "The plan's beacons, each given the store's next identity as a beacon dragged onto the plan is",
    }),
  },
  { additionalProperties: false },
);

export const CalibrationOpen = Type.Object(
  {
    level: Type.Integer({ minimum: -10, maximum: 100 }),
    source: Type.Optional(
      Type.Union([Type.Literal('walk'), Type.Literal('scanners')], {
        description:
          "'walk' (default): a clerk stands at marked points; 'scanners': the readings fixed scanners took of each other's beacons in the last day",
      }),
    ),
    spacing_m: Type.Optional(
      Type.Number({
        minimum: 2,
        maximum: 8,
        description:
          "A walk's distance between marked points, metres (by default what the level's beacons call for: 2 where they hang 9 m or more apart, else 4): closer points take longer and give a sharper radio map where the radio changes over a few metres",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CalibrationPointBody = Type.Object(
  {
    x: Coordinate,
    y: Coordinate,
    readings: Type.Array(
      Type.Object(
        {
          anchor: Type.String({ pattern: '^[0-9a-f-]{36}:[0-9]{1,5}:[0-9]{1,5}$' }),
          rssi: Type.Number({ minimum: -130, maximum: 0 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

export const CalibrationSession = Type.Object({
  id: Uuid,
  store_id: Uuid,
  level: Type.Integer(),
  source: Type.String(),
  status: Type.String(),
  spacing_m: Type.Number(),
  guide: Type.Array(Type.Object({ x: Type.Number(), y: Type.Number() })),
  points: Type.Array(
    Type.Object({
      x: Type.Number(),
      y: Type.Number(),
      z: Type.Optional(Type.Number()),
      readings: Type.Integer({ description: 'How many readings were recorded there' }),
    }),
    { description: 'The points recorded so far; their readings stay with the session for the fit' },
  ),
  result: Type.Union([Type.Unknown(), Type.Null()]),
  created_at: Timestamp,
  fitted_at: Type.Union([Timestamp, Type.Null()]),
});

export const RadioSurvey = Type.Object({
  levels: Type.Array(
    Type.Object({
      level: Type.Integer(),
      walked_at: Timestamp,
      spots: Type.Integer({ description: "Marked points of the level's latest fitted walk" }),
      left_out: Type.Array(
        Type.Object({
          anchor: Type.String({ description: 'uuid:major:minor' }),
          why: Type.Union([Type.Literal('moved'), Type.Literal('added')], {
            description:
              'Moved on the map, or added, since the walk: out of the radio map until the next one',
          }),
        }),
      ),
    }),
    { description: 'Levels with a radio map (a fitted calibration walk); a level not listed has none' },
  ),
  walks: Type.Array(
    Type.Object({
      level: Type.Integer(),
      beacons_apart_m: Type.Union([Type.Number(), Type.Null()], {
        description:
          "How far the level's beacons hang apart (the median distance to the nearest); null under two",
      }),
      spacing_m: Type.Integer({
        description:
          'The walk they call for, metres between marked points: 2 where beacons hang 9 m or more apart, else 4',
      }),
    }),
    {
      description:
        "The calibration walk each level's beacons call for (a walk opened without spacing_m takes it)",
    },
  ),
});
export type RadioSurvey = Static<typeof RadioSurvey>;

const SitePoint = Type.Tuple([Type.Number(), Type.Number()], {
  description: '[x, y] metres in the store frame',
});
const SitePolygon = Type.Array(SitePoint, {
  description: 'A ring; the last point need not repeat the first',
});

/**
 * The positioning Site (ARCHITECTURE.md, positioning contract) as a phone runs it: the mini-program hands
 * `beacon_uuids` to `wx.startBeaconDiscovery` (iOS scans only for the uuids it is given) and the rest to
 * the bundled engine for a blue dot before the server's fix arrives.
 */
export const PhoneSite = Type.Object({
  id: Uuid,
  beacon_uuids: Type.Array(Type.String(), {
    description:
      "The store's iBeacon proximity UUIDs, upper case with dashes as wx.startBeaconDiscovery takes them",
  }),
  levels: Type.Array(
    Type.Object({
      level: Type.Integer(),
      outline: SitePolygon,
      obstacles: Type.Array(SitePolygon, { description: 'Shelves and walls: where nobody walks' }),
      openings: Type.Optional(Type.Array(SitePolygon, { description: 'Doors in the outline' })),
    }),
  ),
  anchors: Type.Array(
    Type.Object({
      id: Type.String({ description: 'uuid:major:minor' }),
      x: Type.Number(),
      y: Type.Number(),
      z: Type.Number({ description: "Height above the site's origin, metres" }),
      level: Type.Integer(),
      txPower: Type.Number({ description: 'RSSI at 1 m, dBm' }),
    }),
  ),
  pathLossExponent: Type.Number(),
  levelHeight: Type.Number(),
  survey: Type.Optional(
    Type.Array(
      Type.Object({
        level: Type.Integer(),
        x: Type.Number(),
        y: Type.Number(),
        beacons: Type.Array(
          Type.Object({ anchor: Type.String(), rssi: Type.Number(), readings: Type.Integer() }),
        ),
      }),
      { description: "The latest fitted calibration walk's readings, the radio map the engine expects" },
    ),
  ),
});
export type PhoneSite = Static<typeof PhoneSite>;
