import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { Tx } from '../db/pool.js';
import { nodeSightings } from '../gateway/index.js';
import { tenantOf } from '../server/auth.js';
import { Conflict, Forbidden, NotFound, Validation } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { getStore, type Store } from '../stores/index.js';
import { STAFF_ROLES, STORE_STAFF, worksAt } from '../tenancy/index.js';
import { loadVenueMap } from '../venues/index.js';
import { predictedAccuracy } from './accuracy.js';
import { anchorId, beaconAlerts } from './beacon.js';
import {
  beaconsApart,
  type CalibrationPoint,
  calibrationStore,
  fitCalibration,
  getCalibration,
  openCalibration,
  recordCalibrationPoint,
  scannerPoints,
  walkSpacingFor,
} from './calibration.js';
import { beaconCsv, type CsvProblem, canonicalUuid, parseBeaconCsv } from './csv.js';
import { BeaconOffMap, BeaconTaken, IdentitiesExhausted } from './errors.js';
import { DEFAULT_PLAN_SPACING_M, planBeaconLayout } from './layout-plan.js';
import { placementProblem } from './placement.js';
import {
  beaconSettings,
  DEFAULT_TX_POWER_DBM,
  deleteBeacon,
  getBeacon,
  identitiesTaken,
  listBeacons,
  lockIdentities,
  nextIdentity,
  setBeaconSettings,
  updateBeacon,
  upsertBeacon,
} from './registry.js';
import {
  AccuracyMap,
  AccuracyQuery,
  Beacon,
  BeaconCreate,
  BeaconPlan,
  BeaconPlanAccept,
  BeaconPlanAsk,
  BeaconSettings,
  BeaconSettingsPatch,
  BeaconUpdate,
  CalibrationOpen,
  CalibrationPointBody,
  CalibrationSession,
  CsvImport,
  CsvRejected,
  Health,
  PhoneSite,
  RadioSurvey,
} from './schemas.js';
import { siteForStore } from './site.js';
import { surveyStatus } from './survey.js';

const tags = ['beacons'];

async function storeGuard(tx: Tx, request: FastifyRequest, storeId: string, write: boolean): Promise<Store> {
  const store = await getStore(tx, storeId);
  if (!store) throw NotFound('Store');
  if (write && !worksAt(request.principal, storeId))
    throw Forbidden('Staff set up beacons only in their own stores');
  return store;
}

/** Refuses a place off the store's map: a level it lacks, or well outside the level's outline. */
async function placementGuard(tx: Tx, storeId: string, place: { level: number; x: number; y: number }) {
  const problem = placementProblem(await loadVenueMap(tx, storeId), place);
  if (problem) throw BeaconOffMap(problem.field, problem.problem);
}

/** Planned beacons nearer than this to one that hangs are taken as that one. */
const SAME_SPOT_M = 0.5;

/**
 * A new beacon where `body` places it, with the next identity free in the brand (the body's uuid, else
 * the store's, else the brand's). Call under lockIdentities, after the placement is checked.
 */
async function addWithNextIdentity(tx: Tx, tenantId: string, store: Store, body: BeaconCreate) {
  const level = body.level ?? 0;
  const wanted = body.uuid && canonicalUuid(body.uuid);
  const identity = await nextIdentity(tx, store.id, level, wanted);
  if (!identity) throw IdentitiesExhausted(wanted ?? "the brand's uuid");
  // Named as the demo seed names its beacons, so a list reads the same whoever placed them.
  const name = body.name ?? `${store.code} L${level} #${identity.minor}`;
  return upsertBeacon(tx, tenantId, store.id, { ...body, ...identity, name });
}

export async function beaconRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Beacon);
  const beaconList = Type.Array(Type.Ref('Beacon'));
  const read = { preHandler: app.requireRole(...STAFF_ROLES) };
  const write = { preHandler: app.requireRole(...STORE_STAFF) };

  app.get(
    '/stores/:id/beacons',
    {
      ...read,
      schema: {
        tags,
        summary: "The store's beacons (staff)",
        security: bearer,
        params: IdParams,
        response: { 200: beaconList, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        return listBeacons(tx, id);
      });
    },
  );

  app.post(
    '/stores/:id/beacons',
    {
      ...write,
      schema: {
        tags,
        summary:
          'Register a beacon where it hangs (or move it, for an identity the store already has); without major and minor, it gets the next identity free in the brand',
        security: bearer,
        params: IdParams,
        body: BeaconCreate,
        response: { 201: Type.Ref('Beacon'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as BeaconCreate;
      const tenantId = tenantOf(request);
      const beacon = await app.db.tenant(tenantId, async (tx) => {
        const store = await storeGuard(tx, request, id, true);
        // An identity comes whole (a beacon flashed already) or not at all (the server picks one).
        const { uuid, major, minor } = body;
        const missing = (['uuid', 'major', 'minor'] as const).find((k) => body[k] === undefined);
        if ((major !== undefined || minor !== undefined) && missing)
          throw Validation(missing, 'is needed with the rest of the identity, or leave out major and minor');
        await lockIdentities(tx, tenantId);
        if (major === undefined || minor === undefined) {
          await placementGuard(tx, id, { level: body.level ?? 0, x: body.x, y: body.y });
          return addWithNextIdentity(tx, tenantId, store, body);
        }
        const input = { ...body, uuid: canonicalUuid(uuid!)!, major, minor };
        const taken = await identitiesTaken(tx, [input]);
        if (taken.some((b) => b.store_id !== id)) throw BeaconTaken(anchorId(input));
        // Moving a beacon the store has keeps its level unless the body gives one.
        await placementGuard(tx, id, { level: input.level ?? taken[0]?.level ?? 0, x: input.x, y: input.y });
        return upsertBeacon(tx, tenantId, id, input);
      });
      return reply.status(201).send(beacon);
    },
  );

  app.patch(
    '/beacons/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Move or edit a beacon',
        security: bearer,
        params: IdParams,
        body: BeaconUpdate,
        response: { 200: Type.Ref('Beacon'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        const beacon = await getBeacon(tx, id);
        if (!beacon) throw NotFound('Beacon');
        await storeGuard(tx, request, beacon.store_id, true);
        const patch = request.body as BeaconUpdate;
        if (patch.level !== undefined || patch.x !== undefined || patch.y !== undefined)
          await placementGuard(tx, beacon.store_id, { ...beacon, ...patch });
        return (await updateBeacon(tx, id, patch))!;
      });
    },
  );

  app.delete(
    '/beacons/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Take a beacon off the registry',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await app.db.tenant(tenantOf(request), async (tx) => {
        const beacon = await getBeacon(tx, id);
        if (!beacon) throw NotFound('Beacon');
        await storeGuard(tx, request, beacon.store_id, true);
        await deleteBeacon(tx, id);
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/stores/:id/beacons/csv',
    {
      ...read,
      schema: {
        tags,
        summary: "The store's beacons as CSV (staff)",
        security: bearer,
        params: IdParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const beacons = await app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        return listBeacons(tx, id);
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="beacons.csv"')
        .send(beaconCsv(beacons));
    },
  );

  app.post(
    '/stores/:id/beacons/csv',
    {
      ...write,
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import beacons from CSV: every bad line is reported by number and nothing is imported',
        security: bearer,
        params: IdParams,
        body: CsvImport,
        response: {
          200: Type.Object({ imported: Type.Integer(), beacons: beaconList }),
          ...errorResponses,
          400: CsvRejected,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      type Outcome = { problems: CsvProblem[] } | { imported: number; beacons: unknown[] };
      const outcome = await app.db.tenant(tenantId, async (tx): Promise<Outcome> => {
        await storeGuard(tx, request, id, true);
        const parsed = parseBeaconCsv((request.body as { csv: string }).csv);
        const problems: CsvProblem[] = [...parsed.problems];
        const map = await loadVenueMap(tx, id);
        const taken = await identitiesTaken(tx, parsed.beacons);
        // A line for a beacon the store has already keeps its level unless it gives one, as POST does.
        const levelHere = new Map(taken.filter((t) => t.store_id === id).map((t) => [anchorId(t), t.level]));
        for (const b of parsed.beacons) {
          const level = b.level ?? levelHere.get(anchorId(b)) ?? 0;
          const off = placementProblem(map, { level, x: b.x, y: b.y });
          if (off) problems.push({ line: b.line, column: off.field, problem: off.problem });
        }
        for (const t of taken.filter((b) => b.store_id !== id)) {
          const line = parsed.beacons.find((b) => anchorId(b) === anchorId(t))!.line;
          problems.push({
            line,
            column: 'uuid',
            problem: `${anchorId(t)} is already registered in another store`,
          });
        }
        if (problems.length > 0) return { problems: problems.sort((a, b) => a.line - b.line) };
        for (const { line: _line, ...beacon } of parsed.beacons) await upsertBeacon(tx, tenantId, id, beacon);
        return { imported: parsed.beacons.length, beacons: await listBeacons(tx, id) };
      });
      if ('problems' in outcome) {
        const first = outcome.problems[0]!;
        return reply.status(400).send({
          code: 'SS_ERR_BEACON_CSV_INVALID',
          message: `${outcome.problems.length} bad line(s), nothing imported; first: line ${first.line}${first.column ? ` ${first.column}` : ''}: ${first.problem}`,
          field: 'csv',
          problems: outcome.problems,
        });
      }
      return outcome;
    },
  );

  app.get(
    '/stores/:id/beacons/health',
    {
      ...read,
      schema: {
        tags,
        summary: 'Beacons that need attention: silent longer than the store allows, never heard, low battery',
        security: bearer,
        params: IdParams,
        response: { 200: Health, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        const { silent_after_s } = await beaconSettings(tx, id);
        const beacons = await listBeacons(tx, id);
        return {
          silent_after_s,
          beacons: beacons.length,
          alerts: beaconAlerts(beacons, new Date(), silent_after_s),
        };
      });
    },
  );

  app.get(
    '/stores/:id/beacons/settings',
    {
      ...read,
      schema: {
        tags,
        summary: "The store's radio settings (staff)",
        security: bearer,
        params: IdParams,
        response: { 200: BeaconSettings, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        return beaconSettings(tx, id);
      });
    },
  );

  app.patch(
    '/stores/:id/beacons/settings',
    {
      preHandler: app.requireRole('brand_admin', 'store_manager'),
      schema: {
        tags,
        summary: 'Set how long a beacon may be silent before it raises an alert, or the path-loss exponent',
        security: bearer,
        params: IdParams,
        body: BeaconSettingsPatch,
        response: { 200: BeaconSettings, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        await storeGuard(tx, request, id, true);
        return setBeaconSettings(tx, tenantId, id, request.body as { silent_after_s?: number });
      });
    },
  );

  app.get(
    '/stores/:id/beacons/accuracy',
    {
      ...read,
      schema: {
        tags,
        summary:
          'Predicted positioning error per square metre of a level for the current beacons, and where one more helps most',
        security: bearer,
        params: IdParams,
        querystring: AccuracyQuery,
        response: { 200: AccuracyMap, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { level, sigma_db } = request.query as { level: number; sigma_db: number };
      const site = await app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        return siteForStore(tx, id);
      });
      const map = site && predictedAccuracy(site, level, { sigmaDb: sigma_db });
      if (!map) throw NotFound(`Level ${level} of this store's map`);
      return map;
    },
  );

  app.post(
    '/stores/:id/beacons/plan',
    {
      ...write,
      schema: {
        tags,
        summary:
          "Propose beacons for a level on a ceiling grid (not saved), clear of those it has, with the level's predicted accuracy once they hang",
        security: bearer,
        params: IdParams,
        body: BeaconPlanAsk,
        response: { 200: BeaconPlan, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { level, spacing_m = DEFAULT_PLAN_SPACING_M } = request.body as Static<typeof BeaconPlanAsk>;
      const site = await app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, true);
        return siteForStore(tx, id);
      });
      const floor = site?.levels.find((l) => l.level === level);
      if (!site || !floor) throw NotFound(`Level ${level} of this store's map`);
      const beacons = planBeaconLayout(
        floor,
        site.anchors.filter((a) => a.level === level),
        { spacing: spacing_m },
      );
      const planned = beacons.map((b, i) => ({
        id: `plan:${i}`,
        x: b.x,
        y: b.y,
        z: level * site.levelHeight! + b.z,
        level,
        txPower: DEFAULT_TX_POWER_DBM,
      }));
      const { mean_m, p90_m, poor_share } = predictedAccuracy(
        { ...site, anchors: [...site.anchors, ...planned] },
        level,
        { suggestions: 0 },
      )!;
      return { level, spacing_m, beacons, accuracy: { mean_m, p90_m, poor_share } };
    },
  );

  app.post(
    '/stores/:id/beacons/plan/accept',
    {
      ...write,
      schema: {
        tags,
        summary:
          "Add a plan's beacons all at once, or none: each gets the next identity free in the brand, as a beacon placed without one does; a spot where a beacon of the level already hangs (within 0.5 m) is skipped, so a retried accept adds nothing twice",
        security: bearer,
        params: IdParams,
        body: BeaconPlanAccept,
        response: { 201: Type.Object({ added: Type.Integer(), beacons: beaconList }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { level, beacons } = request.body as Static<typeof BeaconPlanAccept>;
      const tenantId = tenantOf(request);
      const added = await app.db.tenant(tenantId, async (tx) => {
        const store = await storeGuard(tx, request, id, true);
        const map = await loadVenueMap(tx, id);
        for (const [i, b] of beacons.entries()) {
          const off = placementProblem(map, { level, ...b });
          if (off) throw BeaconOffMap(`beacons.${i}.${off.field}`, off.problem);
        }
        await lockIdentities(tx, tenantId);
        // A spot where a beacon already hangs is skipped: a retried Accept, or a colleague's of the same
        // plan in another browser, adds nothing twice (thirty beacons with fresh identities otherwise).
        const hanging = (await listBeacons(tx, id)).filter((b) => b.level === level);
        const added = [];
        for (const b of beacons) {
          if (hanging.some((h) => Math.hypot(h.x - b.x, h.y - b.y) < SAME_SPOT_M)) continue;
          const beacon = await addWithNextIdentity(tx, tenantId, store, { ...b, level });
          hanging.push(beacon);
          added.push(beacon);
        }
        return added;
      });
      return reply.status(201).send({ added: added.length, beacons: added });
    },
  );

  app.get(
    '/stores/:id/site',
    {
      preHandler: app.requireRole('shopper', ...STAFF_ROLES),
      schema: {
        tags,
        summary:
          "The store's positioning site (levels, obstacles, beacons, radio map) for the mini-program's on-phone engine, and the beacon UUIDs it scans for (shoppers and staff)",
        description:
          'The beacons broadcast their identities to any phone in the store anyway; what this adds is where they hang, which the blue dot needs. 404 while the store has no map.',
        security: bearer,
        params: IdParams,
        response: { 200: PhoneSite, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const site = await app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        return siteForStore(tx, id);
      });
      if (!site) throw NotFound("This store's map");
      const beacon_uuids = [...new Set(site.anchors.map((a) => a.id.split(':')[0]!.toUpperCase()))];
      return { ...site, beacon_uuids };
    },
  );

  app.get(
    '/stores/:id/radio-survey',
    {
      ...read,
      schema: {
        tags,
        summary:
          "Each level's radio map (its latest fitted calibration walk) and the beacons left out of it until the next walk",
        security: bearer,
        params: IdParams,
        response: { 200: RadioSurvey, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeGuard(tx, request, id, false);
        const site = await siteForStore(tx, id, { survey: false });
        if (!site) return { levels: [], walks: [] };
        const walks = site.levels.map(({ level }) => {
          const apart = beaconsApart(site, level);
          return { level, beacons_apart_m: apart, spacing_m: walkSpacingFor(apart) };
        });
        return { levels: await surveyStatus(tx, id, site.anchors), walks };
      });
    },
  );

  app.post(
    '/stores/:id/calibration-sessions',
    {
      ...write,
      schema: {
        tags,
        summary:
          'Start a calibration on a level: a walk (the session lists the marked points to stand at), or from what fixed scanners standing at beacons heard of the others',
        security: bearer,
        params: IdParams,
        body: CalibrationOpen,
        response: { 201: CalibrationSession, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      const { level, source = 'walk', spacing_m } = request.body as Static<typeof CalibrationOpen>;
      const session = await app.db.tenant(tenantId, async (tx) => {
        await storeGuard(tx, request, id, true);
        if (source === 'walk') {
          // Without a spacing asked for, the one the level's beacons call for (their map only, not its survey).
          const site = spacing_m === undefined ? await siteForStore(tx, id, { survey: false }) : undefined;
          const spacing = spacing_m ?? (site && walkSpacingFor(beaconsApart(site, level)));
          return openCalibration(tx, tenantId, id, level, [], 'walk', spacing);
        }
        const site = await siteForStore(tx, id);
        const points = site ? scannerPoints(site, level, await nodeSightings(app.redis, tenantId, id)) : [];
        if (points.length === 0)
          throw Conflict(
            `No fixed scanner standing at a beacon of level ${level} has heard another of its beacons in the last day (map scanners to their beacons: PUT /api/v1/stores/${id}/scanners)`,
          );
        return openCalibration(tx, tenantId, id, level, points, 'scanners');
      });
      return reply.status(201).send(session);
    },
  );

  app.get(
    '/calibration-sessions/:id',
    {
      ...read,
      schema: {
        tags,
        summary: 'A calibration session (staff)',
        security: bearer,
        params: IdParams,
        response: { 200: CalibrationSession, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const session = await app.db.tenant(tenantOf(request), (tx) => getCalibration(tx, id));
      if (!session) throw NotFound('Calibration session');
      return session;
    },
  );

  app.post(
    '/calibration-sessions/:id/points',
    {
      ...write,
      schema: {
        tags,
        summary: 'Record what the phone heard standing at a marked point',
        security: bearer,
        params: IdParams,
        body: CalibrationPointBody,
        response: { 200: CalibrationSession, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        const storeId = await calibrationStore(tx, id);
        if (!storeId) throw NotFound('Calibration session');
        await storeGuard(tx, request, storeId, true);
        const updated = await recordCalibrationPoint(tx, id, request.body as CalibrationPoint);
        if (!updated) throw Conflict('This calibration session is already fitted; start a new one');
        return updated;
      });
    },
  );

  app.post(
    '/calibration-sessions/:id/fit',
    {
      ...write,
      schema: {
        tags,
        summary:
          "Fit beacons' txPower and the store's path-loss exponent from the session's readings, and save them",
        security: bearer,
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: CalibrationSession, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        const session = await getCalibration(tx, id);
        if (!session) throw NotFound('Calibration session');
        await storeGuard(tx, request, session.store_id, true);
        if (session.status !== 'open') throw Conflict('This calibration session is already fitted');
        return (await fitCalibration(tx, tenantId, id))!;
      });
    },
  );
}
