/**
 * The store setup screen: the floor plan with its tools beside it. Everything is saved through
 * the API as soon as it is done (a drawn shape, a dropped or dragged beacon), so a reload shows
 * exactly what the server has.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  type AccuracyMap,
  type Alert,
  ApiFailure,
  api,
  type Beacon,
  type CalibrationSession,
  type Fix,
  type FloorPlan,
  type MapFeature,
  type Point,
  type RadioLearnt,
  type RadioSurvey,
  type Route,
  type Store,
  signedInRole,
  type VenueMap,
  watchLive,
} from './api';
import { BeaconPlanPanel } from './beacon-plan';
import { type Campaign, type CampaignsInZone, campaignsInZone } from './campaign-api';
import { dateLocale, language, t } from './i18n';
import { LanguageSwitch } from './language-switch';
import { type ConnectorKind, connectorLabel, PlanView } from './plan-view';
import { refusalOf } from './refusals';
import { saveFile } from './save-file';
import { ScannersPanel } from './scanners-panel';

type DrawKind = 'outline' | 'shelf' | 'zone' | 'wall';
type Mode =
  | { kind: 'idle' }
  | { kind: 'draw'; shape: DrawKind }
  | { kind: 'scale' }
  | { kind: 'route-start' }
  /** `from`: the end placed already, once the first click is in. */
  | { kind: 'connector'; from?: { level: number; x: number; y: number } };

const EMPTY: VenueMap = { levels: [], features: [], connectors: [], products: [] };
const DRAW_KINDS: DrawKind[] = ['outline', 'shelf', 'zone', 'wall'];
/** A shape's kind as a button or a status line names it; an opening (imported, not drawn here) is a shape. */
const kindLabel = (kind: MapFeature['kind'] | DrawKind) =>
  kind === 'opening' ? t('map.kind.shape') : t(`map.kind.${kind}`);

/** Compass bearing from one point to another, degrees clockwise from north (+y), in [0, 360). */
function compassBearing([x0, y0]: Point, [x1, y1]: Point): number {
  return ((Math.atan2(x1 - x0, y1 - y0) * 180) / Math.PI + 360) % 360;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Who may change a store's map and floor plans: the server's EDITORS (venues/routes.ts), and platform admins. */
const MAP_EDITORS = ['platform_admin', 'brand_admin', 'store_manager'];
/** Who may read the brand's campaigns, to name those a zone's deletion affects. */
const CAMPAIGN_READERS = ['platform_admin', 'brand_admin', 'marketer'];

/** Deleting the selected shape, asked to confirm. */
interface Confirming {
  /** A zone's campaigns are being read. */
  checking?: boolean;
  /** A zone's campaigns; unknown when the role may not read them, or they could not be read. */
  campaigns?: CampaignsInZone;
}

/** `a`, `a and b`, `a, b and c`, of elements (`a、b和c` in Chinese). */
function listed(items: ComponentChildren[]): ComponentChildren[] {
  return items.flatMap((item, i) => [
    i === 0 ? '' : i === items.length - 1 ? t('map.and') : t('map.comma'),
    item,
  ]);
}

/** A text with its `{campaigns}` said by the element (`t` leaves a placeholder it is not given). */
function withCampaigns(text: string, campaigns: ComponentChildren) {
  const [before, after] = text.split('{campaigns}');
  return (
    <>
      {before}
      {campaigns}
      {after}
    </>
  );
}

/** Campaigns by name, each a link to its rules, where they are changed or ended; with their status unless said. */
function CampaignNames({ campaigns, status = true }: { campaigns: Campaign[]; status?: boolean }) {
  return (
    <>
      {listed(
        campaigns.map((c) => (
          <span key={c.id}>
            “<a href={`#/campaigns/${c.id}`}>{c.name}</a>”
            {status && t('map.campaignStatus', { status: t(`campaigns.status.${c.status}`) })}
          </span>
        )),
      )}
    </>
  );
}

/**
 * What deleting a zone does to the campaigns firing in it, as the server does it. The map's save is
 * refused while a scheduled, active or paused campaign uses the zone (venues' refuseLosses), so such a
 * delete is refused here, before it is tried; a draft shows the zone as deleted in the campaign editor
 * and cannot be scheduled until it is taken out; an ended campaign keeps its report. When the role
 * may not read campaigns, the rule itself is said, and the server names them if it refuses.
 */
function ZoneDeleteWords({ campaigns }: { campaigns: CampaignsInZone | undefined }) {
  if (!campaigns) return <>{t('map.zoneDelete.rule')}</>;
  const { drafts, ended } = campaigns;
  if (!drafts.length && !ended.length) return <>{t('map.zoneDelete.unused')}</>;
  return (
    <>
      {drafts.length > 0 &&
        withCampaigns(
          t(drafts.length === 1 ? 'map.zoneDelete.draft' : 'map.zoneDelete.drafts'),
          <CampaignNames campaigns={drafts} status={false} />,
        )}
      {ended.length > 0 &&
        withCampaigns(
          t(ended.length === 1 ? 'map.zoneDelete.ended' : 'map.zoneDelete.endeds'),
          <CampaignNames campaigns={ended} status={false} />,
        )}
    </>
  );
}

/**
 * Asks before a shape is deleted. A zone a live campaign fires in is refused at once, naming the
 * campaigns: the server would refuse the save anyway.
 */
function ConfirmDelete({
  feature,
  products,
  confirming,
  onDelete,
  onKeep,
}: {
  feature: MapFeature;
  /** Product locations on the shape (a shelf's go with it). */
  products: number;
  confirming: Confirming;
  onDelete: () => void;
  onKeep: () => void;
}) {
  const name = feature.name ?? t('map.unnamed');
  const thing = t(`map.thing.${feature.kind}`);
  const live = confirming.campaigns?.live ?? [];
  if (live.length) {
    return (
      <div data-test="confirm-delete">
        <p class="warning" role="alert">
          {withCampaigns(
            t(live.length === 1 ? 'map.delete.live' : 'map.delete.lives', { name }),
            <CampaignNames campaigns={live} />,
          )}
        </p>
        <div class="row">
          <button type="button" class="link" onClick={onKeep}>
            {t('map.close')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div data-test="confirm-delete">
      <p>
        {t('map.delete.ask', { thing, name })}
        {feature.kind === 'shelf' &&
          t(products === 1 ? 'map.delete.product' : 'map.delete.products', { count: products })}
        {feature.kind === 'zone' &&
          (confirming.checking ? (
            t('map.delete.checking')
          ) : (
            <ZoneDeleteWords campaigns={confirming.campaigns} />
          ))}
      </p>
      <div class="row">
        <button type="button" class="small danger" disabled={confirming.checking} onClick={onDelete}>
          {t('map.delete.button', { thing })}
        </button>
        <button type="button" class="link" onClick={onKeep}>
          {t('map.delete.keep')}
        </button>
      </div>
    </div>
  );
}

function readFile(file: File, as: 'dataURL' | 'text'): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    if (as === 'text') reader.readAsText(file);
    else reader.readAsDataURL(file);
  });
}

function imageSize(url: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => reject(new Error(t('map.notAnImage')));
    image.src = url;
  });
}

/**
 * SKUs typed for a new shelf, spread along its south face, 0.6 m out: where a shopper stands to take
 * them, and where a route to them ends.
 */
function productsOn(shelf: MapFeature, text: string): VenueMap['products'] {
  const skus = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const xs = shelf.polygon.map((p) => p[0]);
  const y = Math.min(...shelf.polygon.map((p) => p[1])) - 0.6;
  const x0 = Math.min(...xs);
  const width = Math.max(...xs) - x0;
  return skus.map((sku, i) => ({
    sku,
    feature: shelf.id,
    slot: String(i + 1),
    level: shelf.level,
    x: Math.round((x0 + (width * (i + 0.5)) / skus.length) * 100) / 100,
    y: Math.round(y * 100) / 100,
  }));
}

const ALERT_KINDS = ['never_heard', 'silent', 'battery_low'] as const;
type AlertKind = (typeof ALERT_KINDS)[number];
const isAlertKind = (kind: string): kind is AlertKind => (ALERT_KINDS as readonly string[]).includes(kind);

/**
 * One alert in the staff member's language, from its beacon as the editor has it (the server's
 * `message` is English); a kind this console does not know keeps the server's words.
 */
function alertText(alert: Alert, beacons: Beacon[]): string {
  if (!isAlertKind(alert.kind)) return alert.message;
  const beacon = beacons.find((b) => b.id === alert.beacon_id);
  const heard = beacon?.last_heard_at ? Date.parse(beacon.last_heard_at) : Date.now();
  return t(`map.alert.${alert.kind}`, {
    beacon: alert.name ?? alert.anchor,
    minutes: Math.round((Date.now() - heard) / 60_000),
    percent: beacon?.battery_pct ?? '?',
  });
}

/** One line per alert while there are few; one line per kind (with an example) when there are many. */
function alertLines(alerts: Alert[], beacons: Beacon[]): { kind: string; text: string }[] {
  const kinds = [...new Set(alerts.map((a) => a.kind))];
  return kinds.flatMap((kind) => {
    const of = alerts.filter((a) => a.kind === kind);
    if (of.length <= 3 || !isAlertKind(kind)) return of.map((a) => ({ kind, text: alertText(a, beacons) }));
    const examples = of
      .slice(0, 3)
      .map((a) => a.name ?? a.anchor)
      .join(t('map.comma'));
    return [{ kind, text: t(`map.alerts.${kind}`, { count: of.length, beacons: examples }) }];
  });
}

/** A button that opens the file chooser and hands over the one file picked. */
function FileButton(props: {
  label: string;
  accept: string;
  small?: boolean;
  test?: string;
  /** Why it cannot be used, when it cannot: shown on hover, the chooser does not open. */
  locked?: string | undefined;
  onFile: (f: File) => void;
}) {
  return (
    <label
      class={props.small ? 'button small' : 'button'}
      title={props.locked}
      // As button:disabled looks in style.css: a label cannot be disabled itself.
      style={props.locked ? { opacity: 0.45, cursor: 'default' } : undefined}
    >
      {props.label}
      <input
        type="file"
        accept={props.accept}
        disabled={Boolean(props.locked)}
        data-test={props.test}
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          const file = input.files?.[0];
          // Cleared so that picking the same file again (after fixing it) fires again.
          input.value = '';
          if (file) props.onFile(file);
        }}
      />
    </label>
  );
}

/**
 * Whether this level has a radio map: a fitted walk, and which beacons it leaves out until the next walk;
 * or, not walked, how much of it the shoppers have taught so far.
 */
function RadioMapState(props: {
  survey: RadioSurvey | undefined;
  learnt: RadioLearnt | undefined;
  level: number;
  beacons: Beacon[];
}) {
  const state = props.survey?.levels.find((l) => l.level === props.level);
  if (!props.survey) return null;
  if (!state) {
    const known = props.learnt?.levels.find((l) => l.level === props.level)?.known_share ?? 0;
    return (
      <p class="hint" data-test="radio-map">
        {known > 0 ? t('map.radio.learnt', { percent: Math.round(100 * known) }) : t('map.radio.none')}
        {t('map.radio.walkHelps')}
      </p>
    );
  }
  const name = (anchor: string) =>
    props.beacons.find((b) => `${b.uuid}:${b.major}:${b.minor}`.toLowerCase() === anchor)?.name ?? anchor;
  const out = state.left_out.map((o) => `${name(o.anchor)} (${t(`map.radio.why.${o.why}`)})`);
  const date = new Date(state.walked_at).toLocaleDateString(dateLocale());
  return (
    <p class="hint" data-test="radio-map">
      {t('map.radio.walked', { date, spots: state.spots })}
      {out.length > 0 && t('map.radio.leftOut', { beacons: out.join(t('map.comma')) })}
    </p>
  );
}

/** A store's phones reading this far off their beacons' declared powers say the powers are off, not the phones. */
const POWERS_OFF_DB = 5;

/** What the store's phones read against what its beacons declare (store arrival reads scans against it). */
function PhonesHeard({ learnt }: { learnt: RadioLearnt | undefined }) {
  if (!learnt) return null;
  const { level_db: db, phones } = learnt.phones;
  if (db === null)
    return (
      <p class="hint" data-test="phones-heard">
        {t('map.phones.unknown')}
      </p>
    );
  const how =
    Math.abs(db) < 0.5 ? 'map.phones.asDeclared' : db > 0 ? 'map.phones.louder' : 'map.phones.quieter';
  return (
    <p class="hint" data-test="phones-heard">
      {t(how, { db: Math.abs(db).toFixed(1), phones })}
      {Math.abs(db) >= POWERS_OFF_DB && t('map.phones.powersOff')}
    </p>
  );
}

let drawn = 0;
/**
 * A provisional id for a new shape; the server gives it a UUID on save. Not crypto.randomUUID: that
 * exists only on https or localhost, and a store's laptop may well reach the server by plain http.
 */
const newId = () => `new-${Date.now()}-${++drawn}`;

const rectangle = (w: number, h: number): Point[] => [
  [0, 0],
  [w, 0],
  [w, h],
  [0, h],
];

export function Editor({ store, onLeave }: { store: Store; onLeave: () => void }) {
  const mapDiv = useRef<HTMLDivElement>(null);
  const view = useRef<PlanView | undefined>(undefined);
  const [level, setLevel] = useState(0);
  const [venue, setVenue] = useState<VenueMap>(EMPTY);
  const [plans, setPlans] = useState<FloorPlan[]>([]);
  const [planUrl, setPlanUrl] = useState<string>();
  const [beacons, setBeacons] = useState<Beacon[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [draft, setDraft] = useState<Point[]>([]);
  const [draftName, setDraftName] = useState('');
  const [draftSkus, setDraftSkus] = useState('');
  const [connectorKind, setConnectorKind] = useState<ConnectorKind>('lift');
  const [connectorTo, setConnectorTo] = useState<number>();
  const [scaleMetres, setScaleMetres] = useState('');
  const [scaleBearing, setScaleBearing] = useState('');
  const [accuracy, setAccuracy] = useState<AccuracyMap>();
  const [route, setRoute] = useState<Route>();
  const [routeStart, setRouteStart] = useState<Point>();
  const [routeTo, setRouteTo] = useState('');
  const [calibration, setCalibration] = useState<CalibrationSession>();
  const [survey, setSurvey] = useState<RadioSurvey>();
  const [learnt, setLearnt] = useState<RadioLearnt>();
  /** The clerk's choice of walk; until they choose, the one the level's beacons call for. */
  const [chosenSpacing, setWalkSpacing] = useState<number>();
  const [busy, setBusy] = useState<string>();
  const [live, setLive] = useState<{ open: boolean; shoppers: number; nearby: number }>();
  const [selected, setSelected] = useState<string>();
  const [selectedName, setSelectedName] = useState('');
  const [selectedBeacon, setSelectedBeacon] = useState<Beacon>();
  const [message, setMessage] = useState<{ text: string; error?: boolean; lines?: string[] }>();
  const [confirming, setConfirming] = useState<Confirming>();
  const role = signedInRole() ?? '';
  const locked = MAP_EDITORS.includes(role) ? undefined : t('map.notEditor');

  const plan = plans.find((p) => p.level === level);

  /** Runs one piece of work with the busy indicator, and turns API errors into a message; true when it succeeded. */
  async function work(what: string, task: () => Promise<string | undefined>): Promise<boolean> {
    setBusy(what);
    setMessage(undefined);
    try {
      const done = await task();
      if (done) setMessage({ text: done });
      return true;
    } catch (error) {
      if (error instanceof ApiFailure) {
        const lines = error.body.problems?.map(({ line, column, problem }) =>
          t(column ? 'map.problemAt' : 'map.problem', { line, column: column ?? '', problem }),
        );
        setMessage({ text: refusalOf(error).message, error: true, ...(lines ? { lines } : {}) });
      } else setMessage({ text: (error as Error).message, error: true });
      return false;
    } finally {
      setBusy(undefined);
    }
  }

  async function loadMap() {
    const { map, floor_plans } = await api.get<{ map: VenueMap; floor_plans: FloorPlan[] }>(
      `/stores/${store.id}/map`,
    );
    setVenue(map);
    setPlans(floor_plans);
    return { map, floor_plans };
  }

  // The radio map's state changes with the beacons (one moved leaves it), so it is read with them.
  const loadBeacons = async () => {
    setBeacons(await api.get<Beacon[]>(`/stores/${store.id}/beacons`));
    setAlerts((await api.get<{ alerts: Alert[] }>(`/stores/${store.id}/beacons/health`)).alerts);
    setSurvey(await api.get<RadioSurvey>(`/stores/${store.id}/radio-survey`));
    setLearnt(await api.get<RadioLearnt>(`/stores/${store.id}/radio-learnt`));
  };

  useEffect(() => {
    view.current = new PlanView(mapDiv.current!);
    work(t('map.busy.loading'), async () => {
      const { map } = await loadMap();
      await loadBeacons();
      if (map.levels[0]) setLevel(map.levels.find((l) => l.level === 0)?.level ?? map.levels[0].level);
      return undefined;
    });
    return () => view.current?.map.remove();
  }, [store.id]);

  // The plan image needs the token, so it comes as a blob and is shown through an object URL.
  useEffect(() => {
    let url: string | undefined;
    if (plan)
      api.blob(`/stores/${store.id}/floor-plan?level=${level}`).then((blob) => {
        url = URL.createObjectURL(blob);
        setPlanUrl(url);
      });
    else setPlanUrl(undefined);
    return () => url && URL.revokeObjectURL(url);
  }, [plan?.level, plan?.width_px, level, store.id, plans.length]);

  useEffect(() => view.current?.showPlan(planUrl, plan), [planUrl, plan?.transform]);
  // Drawn again when the language changes: the plan's tooltips are worded as they are drawn.
  const lang = language();
  useEffect(() => view.current?.showMap(venue, level, selected), [venue, level, selected, lang]);
  useEffect(() => view.current?.showBeacons(beacons, level, moveBeacon), [beacons, level, lang]);
  useEffect(() => view.current?.showHeat(accuracy), [accuracy, lang]);
  useEffect(() => view.current?.showRoute(route, level), [route, level]);
  useEffect(
    () => view.current?.showGuide(calibration?.level === level ? calibration.guide : []),
    [calibration, level],
  );
  useEffect(() => view.current?.showDraft(draft, mode.kind === 'draw'), [draft, mode]);
  // Bound as the render commits, not after the next paint: a click between the two would reach the
  // previous render's mode and level (the lift's top end, clicked as the view moves to level 1,
  // moved its bottom end instead).
  useLayoutEffect(() => {
    if (!view.current) return;
    view.current.onClick = (p) => clickAt(p);
    view.current.onSelect = (id) => {
      if (mode.kind !== 'idle') return;
      setSelected(id);
      setSelectedName(venue.features.find((f) => f.id === id)?.name ?? '');
    };
    view.current.onSelectBeacon = (b) => mode.kind === 'idle' && setSelectedBeacon(b);
  });

  const selectedFeature = venue.features.find((f) => f.id === selected);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  // A confirmation belongs to the shape it was asked for.
  useEffect(() => setConfirming(undefined), [selected]);
  const selectedConnector = venue.connectors.find((c) => c.id === selected);
  // What was clicked on the plan may sit in a part of the sidebar scrolled away: bring it into view.
  useEffect(() => {
    if (selected)
      document
        .querySelector('[data-test=selected-feature], [data-test=selected-connector]')
        ?.scrollIntoView({ block: 'nearest' });
    if (selectedBeacon)
      document.querySelector('[data-test=selected-beacon]')?.scrollIntoView({ block: 'nearest' });
  }, [selected, selectedBeacon]);

  async function renameSelected() {
    if (!selectedFeature) return;
    const next = structuredClone(venue);
    next.features.find((f) => f.id === selectedFeature.id)!.name = selectedName.trim() || null;
    await saveMap(next, t('map.renamed', { kind: kindLabel(selectedFeature.kind) }));
  }

  /** Asks before deleting the selected shape, naming the campaigns that use a zone when the role may read them. */
  async function askDelete() {
    if (!selectedFeature) return;
    const reads = selectedFeature.kind === 'zone' && CAMPAIGN_READERS.includes(role);
    setConfirming({ checking: reads });
    if (!reads) return;
    const id = selectedFeature.id;
    const campaigns = await api.get<Campaign[]>('/campaigns').catch(() => undefined);
    // Only if the same zone is still the one being confirmed.
    setConfirming((c) =>
      c && id === selectedRef.current ? { campaigns: campaigns && campaignsInZone(campaigns, id) } : c,
    );
  }

  /**
   * Deletes the selected shape, and the product locations on it (they would point at nothing). A refused
   * save (a zone a live campaign uses, say) leaves it selected and on the plan, with the server's reason.
   */
  async function deleteSelected() {
    if (!selectedFeature) return;
    const next = structuredClone(venue);
    next.features = next.features.filter((f) => f.id !== selectedFeature.id);
    next.products = next.products.filter((p) => p.feature !== selectedFeature.id);
    setConfirming(undefined);
    const deleted = t('map.deleted', {
      kind: kindLabel(selectedFeature.kind),
      name: selectedFeature.name ?? '',
    });
    if (await saveMap(next, deleted)) setSelected(undefined);
  }

  async function removeBeacon() {
    if (!selectedBeacon) return;
    const beacon = selectedBeacon;
    setSelectedBeacon(undefined);
    await work(t('map.busy.removingBeacon'), async () => {
      await api.send('DELETE', `/beacons/${beacon.id}`, undefined);
      await loadBeacons();
      return t('map.beaconRemoved', { beacon: `${beacon.major}:${beacon.minor}` });
    });
  }

  // Live shoppers: fixes arrive as they come; the plan is redrawn twice a second, without those not seen
  // for 15 s. Only phones the visits stage recognised as having come in count as shoppers in the store;
  // the others are passers-by heard through the window, or someone just coming in.
  const levelRef = useRef(level);
  levelRef.current = level;
  const liveOn = live !== undefined;
  useEffect(() => {
    if (!liveOn) return;
    const latest = new Map<string, Fix>();
    const inside = new Set<string>();
    const close = watchLive(
      store.id,
      (message) => {
        if (!('type' in message)) latest.set(message.device, message);
        else if (message.type === 'arrival') inside.add(message.device);
        else inside.delete(message.device);
      },
      (open) => setLive((l) => l && { ...l, open }),
    );
    const timer = setInterval(() => {
      const now = Date.now();
      for (const [device, fix] of latest) if (now - fix.ts > 15_000) latest.delete(device);
      view.current?.showLive([...latest.values()], levelRef.current, inside);
      const shoppers = [...latest.keys()].filter((d) => inside.has(d)).length;
      setLive((l) => l && { ...l, shoppers, nearby: latest.size - shoppers });
    }, 500);
    return () => {
      close();
      clearInterval(timer);
      view.current?.showLive([], 0, inside);
    };
  }, [liveOn, store.id]);

  function changeMode(next: Mode) {
    setMode(next);
    setDraft([]);
  }

  function clickAt(p: Point) {
    if (mode.kind === 'draw') setDraft([...draft, p]);
    else if (mode.kind === 'scale' && draft.length < 2) setDraft([...draft, p]);
    else if (mode.kind === 'scale') {
      // A third click is where the line from the first point really runs (on the outline, say):
      // it gives the bearing, which the clerk can still correct by hand.
      const [a] = draft as [Point];
      setScaleBearing(String(round1(compassBearing(a, p))));
    } else if (mode.kind === 'connector') placeConnectorEnd(p);
    else if (mode.kind === 'route-start') {
      setRouteStart(p);
      setMode({ kind: 'idle' });
      setMessage({ text: t('map.routeStartSet', { x: p[0], y: p[1] }) });
    }
  }

  /** Saves the whole map; false when the server refused it, and the screen still shows what was there. */
  async function saveMap(next: VenueMap, done: string): Promise<boolean> {
    return work(t('map.busy.saving'), async () => {
      const saved = await api.send<{ map: VenueMap; floor_plans: FloorPlan[] }>(
        'PUT',
        `/stores/${store.id}/map`,
        next,
      );
      setVenue(saved.map);
      setPlans(saved.floor_plans);
      return done;
    });
  }

  function startDrawing(shape: DrawKind) {
    setMode({ kind: 'draw', shape });
    setDraft([]);
    const count = venue.features.filter((f) => f.kind === shape && f.level === level).length + 1;
    // A name to start from, in the staff member's language; saved as they leave it.
    setDraftName(shape === 'outline' ? '' : t(`map.default.${shape}`, { count }));
  }

  async function finishDrawing() {
    if (mode.kind !== 'draw' || draft.length < 3) return;
    const shape = mode.shape;
    const next: VenueMap = structuredClone(venue);
    if (shape === 'outline') {
      const existing = next.levels.find((l) => l.level === level);
      if (existing) existing.outline = draft;
      else
        next.levels.push({
          level,
          name: level === 0 ? t('map.level.ground') : t('map.level.named', { level }),
          height_m: 4.5,
          outline: draft,
        });
    } else {
      const feature: MapFeature = {
        id: newId(),
        level,
        kind: shape,
        name: draftName.trim() || null,
        polygon: draft,
        height_m: shape === 'shelf' ? 1.8 : shape === 'wall' ? 3 : null,
        properties: {},
      };
      next.features.push(feature);
      if (shape === 'shelf') next.products.push(...productsOn(feature, draftSkus));
    }
    // The drawing stays until the server has it: a refused save leaves it to correct and finish again.
    if (!(await saveMap(next, t('map.saved', { kind: kindLabel(shape) })))) return;
    setMode({ kind: 'idle' });
    setDraft([]);
    setDraftSkus('');
  }

  /** A new level above the top one, with this level's outline to start from. */
  async function addLevel() {
    const top = Math.max(...venue.levels.map((l) => l.level));
    const outline = venue.levels.find((l) => l.level === level)?.outline;
    if (!outline) return;
    const next = structuredClone(venue);
    next.levels.push({
      level: top + 1,
      name: t('map.level.named', { level: top + 1 }),
      height_m: 4.5,
      outline,
    });
    if (await saveMap(next, t('map.levelAdded', { level: top + 1 }))) setLevel(top + 1);
  }

  /**
   * A lift, escalator or stairs takes two clicks: one end on this level, then the view moves to the
   * other level for the other end, since stairs and escalators land metres away from where they start.
   */
  function placeConnectorEnd([x, y]: Point) {
    if (mode.kind !== 'connector') return;
    // A click back on the first end's level (the clerk switched back) moves that end instead.
    if (mode.from && mode.from.level !== level) {
      addConnector(mode.from, { level, x, y });
      return;
    }
    const to = connectorTo ?? venue.levels.find((l) => l.level !== level)?.level;
    if (to === undefined) return;
    setMode({ kind: 'connector', from: { level, x, y } });
    setLevel(to);
    setMessage({ text: t('map.connector.otherEnd', { level: to }) });
  }

  async function addConnector(from: VenueMap['connectors'][number]['from'], to: typeof from) {
    const next = structuredClone(venue);
    next.connectors.push({
      id: newId(),
      kind: connectorKind,
      name: t(`map.connector.${connectorKind}`),
      from,
      to,
      seconds: { lift: 30, escalator: 20, stairs: 15 }[connectorKind],
      two_way: true,
    });
    const saved = await saveMap(
      next,
      t('map.connector.saved', { connector: t(`map.connector.${connectorKind}`), level: to.level }),
    );
    if (saved) setMode({ kind: 'idle' });
  }

  async function deleteSelectedConnector() {
    if (!selectedConnector) return;
    const next = structuredClone(venue);
    next.connectors = next.connectors.filter((c) => c.id !== selectedConnector.id);
    const connector = selectedConnector.name ?? connectorLabel(selectedConnector.kind);
    if (await saveMap(next, t('map.connector.deleted', { connector }))) setSelected(undefined);
  }

  async function uploadPlan(file: File) {
    await work(t('map.busy.uploading'), async () => {
      const url = await readFile(file, 'dataURL');
      const { width, height } = await imageSize(url);
      // A plan needs a level to lie on: a new store gets a first outline the size of the image at 40 m wide.
      if (!venue.levels.some((l) => l.level === level)) {
        const next = structuredClone(venue);
        next.levels.push({
          level,
          name: t('map.level.ground'),
          height_m: 4.5,
          outline: rectangle(40, Math.round((40 * height) / width)),
        });
        const saved = await api.send<{ map: VenueMap }>('PUT', `/stores/${store.id}/map`, next);
        setVenue(saved.map);
        view.current?.fitTo(rectangle(40, (40 * height) / width));
      }
      const saved = await api.send<FloorPlan>('PUT', `/stores/${store.id}/floor-plan?level=${level}`, {
        media_type: file.type || 'image/png',
        image_base64: url.slice(url.indexOf(',') + 1),
        width_px: width,
        height_px: height,
      });
      setPlans([...plans.filter((p) => p.level !== level), saved]);
      return t('map.planUploaded', { width, height });
    });
  }

  async function applyScale() {
    const metres = Number(scaleMetres);
    if (!plan || draft.length !== 2 || !(metres > 0)) return;
    const m = plan.transform;
    const det = m.a * m.d - m.b * m.c;
    const toPixel = ([x, y]: Point): Point => [
      (m.d * (x - m.e) - m.b * (y - m.f)) / det,
      (m.a * (y - m.f) - m.c * (x - m.e)) / det,
    ];
    const [a, b] = draft as [Point, Point];
    // The first point stays where it is; the second goes `metres` away along the bearing given,
    // or, with none, along the line as the plan is drawn now (then only the scale changes).
    const degrees = scaleBearing.trim() === '' ? compassBearing(a, b) : Number(scaleBearing);
    if (!Number.isFinite(degrees)) return;
    const rad = (degrees * Math.PI) / 180;
    const bAt: Point = [a[0] + metres * Math.sin(rad), a[1] + metres * Math.cos(rad)];
    await work(t('map.busy.scale'), async () => {
      const saved = await api.send<FloorPlan>('PUT', `/stores/${store.id}/floor-plan/scale?level=${level}`, {
        points: [
          { px: toPixel(a), at: a },
          { px: toPixel(b), at: bAt },
        ],
      });
      setPlans([...plans.filter((p) => p.level !== level), saved]);
      setMode({ kind: 'idle' });
      setDraft([]);
      setScaleMetres('');
      setScaleBearing('');
      const s = saved.transform;
      const perPixel = Math.hypot(s.a, s.c);
      // The bearing of the image's top edge (left to right): 90° when drawn north-up.
      const rotation = round1(compassBearing([0, 0], [s.a, s.c]));
      return t('map.scaleSet', {
        width: (perPixel * saved.width_px).toFixed(1),
        perMetre: (1 / perPixel).toFixed(1),
        bearing: rotation,
      });
    });
  }

  async function dropBeacon(event: DragEvent) {
    event.preventDefault();
    if (!view.current) return;
    const [x, y] = view.current.frameAt(event);
    await work(t('map.busy.placing'), async () => {
      // The server picks the identity: the next free in the brand, in this store's numbering for the level.
      const placed = await api.send<Beacon>('POST', `/stores/${store.id}/beacons`, { x, y, level });
      await loadBeacons();
      if (accuracy) await showAccuracy();
      return t('map.beaconPlaced', { beacon: `${placed.major}:${placed.minor}`, x, y });
    });
  }

  async function moveBeacon(beacon: Beacon, [x, y]: Point) {
    const moved = await work(t('map.busy.moving'), async () => {
      await api.send('PATCH', `/beacons/${beacon.id}`, { x, y });
      await loadBeacons();
      if (accuracy) await showAccuracy();
      return t('map.beaconMoved', { beacon: `${beacon.major}:${beacon.minor}`, x, y });
    });
    // A move the server refused (off the store's outline, say): the marker goes back to where it is.
    if (!moved) setBeacons((b) => [...b]);
  }

  async function importCsv(file: File) {
    await work(t('map.busy.importingBeacons'), async () => {
      const csv = await readFile(file, 'text');
      const result = await api.send<{ imported: number }>('POST', `/stores/${store.id}/beacons/csv`, { csv });
      await loadBeacons();
      return t(result.imported === 1 ? 'map.beaconImported' : 'map.beaconsImported', {
        count: result.imported,
      });
    });
  }

  /** Replaces the whole map from a GeoJSON or IMDF file; the server takes all of it or none. */
  async function importMap(file: File) {
    await work(t('map.busy.importing', { file: file.name }), async () => {
      const imdf = file.name.toLowerCase().endsWith('.zip');
      const body = imdf
        ? { archive_base64: (await readFile(file, 'dataURL')).split(',')[1] }
        : JSON.parse(await readFile(file, 'text'));
      const saved = await api.send<{ map: VenueMap; floor_plans: FloorPlan[] }>(
        'PUT',
        `/stores/${store.id}/map/${imdf ? 'imdf' : 'geojson'}`,
        body,
      );
      setVenue(saved.map);
      setPlans(saved.floor_plans);
      return t('map.imported', {
        file: file.name,
        levels: saved.map.levels.length,
        features: saved.map.features.length,
        products: saved.map.products.length,
      });
    });
  }

  async function download(path: string, filename: string) {
    await work(t('map.busy.download'), async () => {
      saveFile(await api.blob(path), filename);
      return t('map.downloaded', { file: filename });
    });
  }

  async function showAccuracy() {
    const map = await api.get<AccuracyMap>(`/stores/${store.id}/beacons/accuracy?level=${level}`);
    setAccuracy(map);
    return undefined;
  }

  async function toggleAccuracy() {
    if (accuracy) setAccuracy(undefined);
    else await work(t('map.busy.accuracy'), showAccuracy);
  }

  async function findRoute() {
    const start = routeStart ?? entrance();
    if (!start || !routeTo) return;
    await work(t('map.busy.route'), async () => {
      const to = routeTo.includes(',') || routeTo.includes(':') ? routeTo : `sku:${routeTo}`;
      const found = await api.get<Route>(
        `/stores/${store.id}/route?from=${start[0]},${start[1]},${level}&to=${encodeURIComponent(to)}`,
      );
      setRoute(found);
      return t('map.routeFound', {
        metres: found.distance_m.toFixed(0),
        minutes: Math.max(1, Math.round(found.duration_s / 60)),
      });
    });
  }

  /** The middle of the south wall, a step inside: where shoppers come in, unless told otherwise. */
  function entrance(): Point | undefined {
    const outline = venue.levels.find((l) => l.level === level)?.outline;
    if (!outline) return undefined;
    const xs = outline.map((p) => p[0]);
    const y = Math.min(...outline.map((p) => p[1]));
    return [Math.round(((Math.min(...xs) + Math.max(...xs)) / 2) * 10) / 10, y + 1];
  }

  async function startCalibration() {
    await work(t('map.busy.startWalk'), async () => {
      const session = await api.send<CalibrationSession>('POST', `/stores/${store.id}/calibration-sessions`, {
        level,
        spacing_m: walkSpacing,
      });
      setCalibration(session);
      return t('map.walkStarted', { count: session.guide.length });
    });
  }

  async function refreshCalibration() {
    if (!calibration) return;
    await work(t('map.busy.progress'), async () => {
      setCalibration(await api.get<CalibrationSession>(`/calibration-sessions/${calibration.id}`));
      return undefined;
    });
  }

  async function fitCalibration() {
    if (!calibration) return;
    await work(t('map.busy.fitting'), async () => {
      const fitted = await api.send<
        CalibrationSession & { result: { exponent: number; residualDb: number } }
      >('POST', `/calibration-sessions/${calibration.id}/fit`, {});
      setCalibration(undefined);
      await loadBeacons();
      return t('map.calibrated', {
        exponent: fitted.result.exponent.toFixed(2),
        residual: fitted.result.residualDb.toFixed(1),
        count: fitted.points.length,
      });
    });
  }

  /** Fixed scanners standing at beacons heard each other: fit from those readings straight away. */
  async function calibrateFromScanners() {
    await work(t('map.busy.fittingScanners'), async () => {
      const session = await api.send<CalibrationSession>('POST', `/stores/${store.id}/calibration-sessions`, {
        level,
        source: 'scanners',
      });
      const fitted = await api.send<
        CalibrationSession & { result: { exponent: number; residualDb: number; samples: number } }
      >('POST', `/calibration-sessions/${session.id}/fit`, {});
      await loadBeacons();
      return t('map.calibratedScanners', {
        scanners: session.points.length,
        samples: fitted.result.samples,
        exponent: fitted.result.exponent.toFixed(2),
        residual: fitted.result.residualDb.toFixed(1),
      });
    });
  }

  const levels = venue.levels.map((l) => l.level);
  const skus = venue.products.map((p) => p.sku);
  const zones = venue.features.filter((f) => f.kind === 'zone' && f.name).map((f) => `zone:${f.name}`);
  const onLevel = beacons.filter((b) => b.level === level).length;
  const calledFor = survey?.walks.find((w) => w.level === level);
  const walkSpacing = chosenSpacing ?? calledFor?.spacing_m ?? 4;
  const shelves = venue.features.filter((f) => f.level === level && f.kind === 'shelf').length;
  const zoneCount = venue.features.filter((f) => f.level === level && f.kind === 'zone').length;

  return (
    <div class="editor">
      <header class="bar">
        <button type="button" class="link" onClick={onLeave}>
          {t('stores.back')}
        </button>
        <h1>
          {store.name} <small>{store.code}</small>
        </h1>
        {levels.length > 0 && (
          <button type="button" class="link" onClick={addLevel} disabled={Boolean(locked)} title={locked}>
            {t('map.addLevel')}
          </button>
        )}
        {levels.length > 1 && (
          <label class="level">
            {t('map.level')}{' '}
            <select value={level} onChange={(e) => setLevel(Number((e.target as HTMLSelectElement).value))}>
              {levels.map((l) => (
                <option value={l} key={l}>
                  {venue.levels.find((v) => v.level === l)?.name ?? l}
                </option>
              ))}
            </select>
          </label>
        )}
        {/* The editor fills the page without the sections' header: its own switch, for a clerk at the plan. */}
        <LanguageSwitch />
      </header>
      <div class="workspace">
        <aside class="tools">
          <section>
            <h2>{t('map.floorPlan')}</h2>
            <FileButton
              label={t('map.uploadPlan')}
              accept="image/png,image/jpeg,image/svg+xml,image/webp"
              test="plan-file"
              locked={locked}
              onFile={uploadPlan}
            />
            <button
              type="button"
              disabled={!plan || Boolean(locked)}
              title={locked}
              onClick={() => changeMode({ kind: 'scale' })}
            >
              {t('map.setScale')}
            </button>
            {mode.kind === 'scale' && (
              <div class="panel">
                {draft.length < 2 ? (
                  <p>{t('map.scale.click', { count: draft.length })}</p>
                ) : (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      applyScale();
                    }}
                  >
                    <label>
                      {t('map.scale.distance')}
                      <input
                        name="metres"
                        type="number"
                        min="0.1"
                        step="0.01"
                        value={scaleMetres}
                        onInput={(e) => setScaleMetres((e.target as HTMLInputElement).value)}
                      />
                    </label>
                    <label>
                      {t('map.scale.bearing')}
                      <input
                        name="bearing"
                        type="number"
                        min="0"
                        max="360"
                        step="0.1"
                        value={scaleBearing}
                        onInput={(e) => setScaleBearing((e.target as HTMLInputElement).value)}
                      />
                    </label>
                    <button type="submit">{t('map.scale.apply')}</button>
                  </form>
                )}
                <button type="button" class="link" onClick={() => changeMode({ kind: 'idle' })}>
                  {t('map.cancel')}
                </button>
              </div>
            )}
          </section>

          <section>
            <h2>{t('map.draw')}</h2>
            <div class="row">
              {DRAW_KINDS.map((k) => (
                <button
                  type="button"
                  key={k}
                  class={mode.kind === 'draw' && mode.shape === k ? 'active' : ''}
                  disabled={Boolean(locked)}
                  title={locked}
                  onClick={() => startDrawing(k)}
                >
                  {kindLabel(k)}
                </button>
              ))}
            </div>
            {locked && (
              <p class="hint" data-test="map-locked">
                {t('map.lockedHint')}
              </p>
            )}
            {mode.kind === 'draw' && (
              <div class="panel">
                <p>{t('map.draw.corners', { count: draft.length })}</p>
                {message?.error && (
                  <p class="error" data-test="draft-kept">
                    {t('map.draw.kept')}
                  </p>
                )}
                {mode.shape !== 'outline' && (
                  <label>
                    {t('map.name')}
                    <input
                      name="shape-name"
                      value={draftName}
                      onInput={(e) => setDraftName((e.target as HTMLInputElement).value)}
                    />
                  </label>
                )}
                {mode.shape === 'shelf' && (
                  <label>
                    {t('map.draw.skus')}
                    <input
                      name="shelf-skus"
                      value={draftSkus}
                      placeholder={t('map.draw.skusExample')}
                      onInput={(e) => setDraftSkus((e.target as HTMLInputElement).value)}
                    />
                  </label>
                )}
                <div class="row">
                  <button type="button" class="primary" disabled={draft.length < 3} onClick={finishDrawing}>
                    {t('map.draw.finish', { thing: t(`map.thing.${mode.shape}`) })}
                  </button>
                  <button
                    type="button"
                    class="link"
                    onClick={() => setDraft(draft.slice(0, -1))}
                    disabled={!draft.length}
                  >
                    {t('map.draw.undo')}
                  </button>
                  <button type="button" class="link" onClick={() => changeMode({ kind: 'idle' })}>
                    {t('map.cancel')}
                  </button>
                </div>
              </div>
            )}
            {levels.length > 1 && mode.kind !== 'connector' && (
              <button
                type="button"
                class="small"
                disabled={Boolean(locked)}
                title={locked}
                onClick={() => changeMode({ kind: 'connector' })}
              >
                {t('map.connector.add')}
              </button>
            )}
            {mode.kind === 'connector' && mode.from && (
              <div class="panel">
                <p>{t('map.connector.otherEndHere')}</p>
                <div class="row">
                  <button
                    type="button"
                    class="small"
                    onClick={() => mode.from && addConnector(mode.from, { ...mode.from, level })}
                  >
                    {t('map.connector.sameSpot')}
                  </button>
                  <button type="button" class="link" onClick={() => changeMode({ kind: 'idle' })}>
                    {t('map.cancel')}
                  </button>
                </div>
              </div>
            )}
            {mode.kind === 'connector' && !mode.from && (
              <div class="panel">
                <label>
                  {t('map.connector.kind')}
                  <select
                    name="connector-kind"
                    value={connectorKind}
                    onChange={(e) =>
                      setConnectorKind((e.target as HTMLSelectElement).value as typeof connectorKind)
                    }
                  >
                    <option value="lift">{t('map.connector.lift')}</option>
                    <option value="escalator">{t('map.connector.escalator')}</option>
                    <option value="stairs">{t('map.connector.stairs')}</option>
                  </select>
                </label>
                <label>
                  {t('map.connector.toLevel')}
                  <select
                    name="connector-to"
                    value={connectorTo ?? levels.find((l) => l !== level)}
                    onChange={(e) => setConnectorTo(Number((e.target as HTMLSelectElement).value))}
                  >
                    {levels
                      .filter((l) => l !== level)
                      .map((l) => (
                        <option value={l} key={l}>
                          {venue.levels.find((v) => v.level === l)?.name ?? l}
                        </option>
                      ))}
                  </select>
                </label>
                <p>{t('map.connector.howTo')}</p>
                <button type="button" class="link" onClick={() => changeMode({ kind: 'idle' })}>
                  {t('map.cancel')}
                </button>
              </div>
            )}
            {selectedFeature && mode.kind === 'idle' && (
              <div class="panel" data-test="selected-feature">
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    renameSelected();
                  }}
                >
                  <label>
                    {t('map.selected', { thing: t(`map.thing.${selectedFeature.kind}`) })}
                    <input
                      name="selected-name"
                      value={selectedName}
                      onInput={(e) => setSelectedName((e.target as HTMLInputElement).value)}
                    />
                  </label>
                  <div class="row">
                    <button type="submit" class="small" disabled={Boolean(locked)} title={locked}>
                      {t('map.rename')}
                    </button>
                    <button
                      type="button"
                      class="small danger"
                      disabled={Boolean(locked) || Boolean(confirming)}
                      title={locked}
                      onClick={askDelete}
                    >
                      {t('map.delete')}
                    </button>
                    <button type="button" class="link" onClick={() => setSelected(undefined)}>
                      {t('map.close')}
                    </button>
                  </div>
                </form>
                {confirming && (
                  <ConfirmDelete
                    feature={selectedFeature}
                    products={venue.products.filter((p) => p.feature === selectedFeature.id).length}
                    confirming={confirming}
                    onDelete={deleteSelected}
                    onKeep={() => setConfirming(undefined)}
                  />
                )}
              </div>
            )}
            {selectedConnector && mode.kind === 'idle' && (
              <div class="panel" data-test="selected-connector">
                <p>
                  {t('map.selected', {
                    thing: t('map.connector.between', {
                      connector: selectedConnector.name ?? connectorLabel(selectedConnector.kind),
                      from: selectedConnector.from.level,
                      to: selectedConnector.to.level,
                    }),
                  })}
                </p>
                <div class="row">
                  <button
                    type="button"
                    class="small danger"
                    disabled={Boolean(locked)}
                    title={locked}
                    onClick={deleteSelectedConnector}
                  >
                    {t('map.delete')}
                  </button>
                  <button type="button" class="link" onClick={() => setSelected(undefined)}>
                    {t('map.close')}
                  </button>
                </div>
              </div>
            )}
            <p class="hint">
              {t('map.onLevel', {
                shelves: t(shelves === 1 ? 'map.shelf' : 'map.shelves', { count: shelves }),
                zones: t(zoneCount === 1 ? 'map.zone' : 'map.zones', { count: zoneCount }),
              })}
            </p>
          </section>

          <section>
            <h2>{t('map.beacons')}</h2>
            <button
              type="button"
              class="palette"
              draggable
              onDragStart={(e) => e.dataTransfer?.setData('text/plain', 'beacon')}
              data-test="beacon-palette"
            >
              <span class="beacon-chip">B</span> {t('map.beacon.drag')}
            </button>
            <p class="hint">{t('map.beacon.onLevel', { count: onLevel })}</p>
            <div class="row">
              <FileButton label={t('map.csv.import')} accept=".csv,text/csv" small onFile={importCsv} />
              <button
                type="button"
                class="small"
                onClick={() => download(`/stores/${store.id}/beacons/csv`, `${store.code}-beacons.csv`)}
              >
                {t('map.csv.export')}
              </button>
            </div>
            <BeaconPlanPanel
              store={store}
              level={level}
              showPlanned={(points) => view.current?.showPlanned(points)}
              work={work}
              onAdded={async () => {
                await loadBeacons();
                if (accuracy) await showAccuracy();
              }}
            />
            {selectedBeacon && (
              <div class="panel" data-test="selected-beacon">
                <p>
                  {selectedBeacon.name ?? t('map.beacon')} · {selectedBeacon.uuid.slice(0, 8)}…:
                  {selectedBeacon.major}:{selectedBeacon.minor} ·{' '}
                  {t('map.beacon.power', { dbm: selectedBeacon.tx_power })}
                  {selectedBeacon.battery_pct !== null &&
                    t('map.beacon.battery', { percent: selectedBeacon.battery_pct })}
                </p>
                <div class="row">
                  <button type="button" class="small danger" onClick={removeBeacon}>
                    {t('map.beacon.remove')}
                  </button>
                  <button type="button" class="link" onClick={() => setSelectedBeacon(undefined)}>
                    {t('map.close')}
                  </button>
                </div>
              </div>
            )}
            {alerts.length > 0 && (
              <ul class="alerts">
                {alertLines(alerts, beacons).map((a) => (
                  <li key={a.text} class={a.kind}>
                    {a.text}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <ScannersPanel
            store={store}
            beacons={beacons}
            levelName={(l) =>
              venue.levels.find((v) => v.level === l)?.name ?? t('map.level.of', { level: l })
            }
            role={role}
            picked={selectedBeacon}
            work={work}
          />

          <section>
            <h2>{t('map.accuracy')}</h2>
            <button type="button" class={accuracy ? 'active' : ''} onClick={toggleAccuracy}>
              {accuracy ? t('map.accuracy.hide') : t('map.accuracy.show')}
            </button>
            {accuracy && (
              <div class="panel" data-test="accuracy-summary">
                <div class="legend">
                  <span>1 m</span>
                  <i />
                  <span>5 m+</span>
                </div>
                <p>
                  {t('map.accuracy.summary', {
                    mean: accuracy.mean_m.toFixed(1),
                    p90: accuracy.p90_m.toFixed(1),
                    poor: Math.round(accuracy.poor_share * 100),
                  })}
                </p>
                {accuracy.suggestions.length > 0 && <p>{t('map.accuracy.suggestions')}</p>}
              </div>
            )}
          </section>

          <section>
            <h2>{t('map.live')}</h2>
            <button
              type="button"
              class={live ? 'active' : ''}
              onClick={() => setLive(live ? undefined : { open: false, shoppers: 0, nearby: 0 })}
            >
              {live ? t('map.live.hide') : t('map.live.show')}
            </button>
            {live && (
              <p class="hint" data-test="live-status">
                {live.open
                  ? t('map.live.shoppers', { count: live.shoppers }) +
                    (live.nearby ? t('map.live.nearby', { count: live.nearby }) : '')
                  : t('map.live.connecting')}
              </p>
            )}
          </section>

          <section>
            <h2>{t('map.calibration')}</h2>
            <RadioMapState survey={survey} learnt={learnt} level={level} beacons={beacons} />
            <PhonesHeard learnt={learnt} />
            {!calibration ? (
              <>
                <div class="row">
                  <button type="button" onClick={startCalibration} disabled={onLevel === 0}>
                    {t('map.walk.start')}
                  </button>
                  <select
                    aria-label={t('map.walk.spacing')}
                    title={t('map.walk.spacingWhy')}
                    value={walkSpacing}
                    onChange={(e) => setWalkSpacing(Number((e.target as HTMLSelectElement).value))}
                  >
                    <option value={4}>{t('map.walk.every4')}</option>
                    <option value={3}>{t('map.walk.every3')}</option>
                    <option value={2}>{t('map.walk.every2')}</option>
                  </select>
                  <button
                    type="button"
                    class="small"
                    onClick={calibrateFromScanners}
                    disabled={onLevel === 0}
                  >
                    {t('map.walk.fromScanners')}
                  </button>
                </div>
                {calledFor?.spacing_m === 2 && calledFor.beacons_apart_m !== null && (
                  <p class="hint" data-test="walk-called-for">
                    {t('map.walk.sparse', { apart: Math.round(calledFor.beacons_apart_m) })}
                  </p>
                )}
              </>
            ) : (
              <div class="panel">
                <p>
                  {t('map.walk.progress', {
                    recorded: calibration.points.length,
                    left: calibration.guide.length,
                  })}
                </p>
                <div class="row">
                  <button type="button" class="small" onClick={refreshCalibration}>
                    {t('map.walk.refresh')}
                  </button>
                  <button
                    type="button"
                    class="small"
                    disabled={calibration.points.length === 0}
                    onClick={fitCalibration}
                  >
                    {t('map.walk.fit')}
                  </button>
                </div>
              </div>
            )}
          </section>

          <section>
            <h2>{t('map.route')}</h2>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                findRoute();
              }}
            >
              <label>
                {t('map.route.to')}
                <input
                  name="route-to"
                  list="route-targets"
                  value={routeTo}
                  placeholder={t('map.route.example')}
                  onInput={(e) => setRouteTo((e.target as HTMLInputElement).value)}
                />
              </label>
              <datalist id="route-targets">
                {[...skus, ...zones].map((s) => (
                  <option value={s} key={s} />
                ))}
              </datalist>
              <div class="row">
                <button type="submit" disabled={!routeTo}>
                  {t('map.route.show')}
                </button>
                <button type="button" class="link" onClick={() => setMode({ kind: 'route-start' })}>
                  {routeStart
                    ? t('map.route.from', { x: routeStart[0], y: routeStart[1] })
                    : t('map.route.fromEntrance')}{' '}
                  ✎
                </button>
              </div>
            </form>
            {route && (
              <ol class="steps" data-test="route-steps">
                {route.steps.map((s, i) => (
                  <li key={i}>
                    {s.instruction}
                    {s.distance_m > 0 && <small> · {s.distance_m} m</small>}
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section>
            <h2>{t('map.exchange')}</h2>
            <div class="row">
              <button
                type="button"
                class="small"
                onClick={() => download(`/stores/${store.id}/map/geojson`, `${store.code}.geojson`)}
              >
                GeoJSON
              </button>
              <button
                type="button"
                class="small"
                onClick={() => download(`/stores/${store.id}/map/imdf`, `${store.code}-imdf.zip`)}
              >
                IMDF
              </button>
              <FileButton
                label={t('map.exchange.import')}
                accept=".geojson,.json,.zip,application/geo+json,application/zip"
                small
                test="map-file"
                locked={locked}
                onFile={importMap}
              />
            </div>
            <p class="hint">{t('map.exchange.hint')}</p>
          </section>
        </aside>
        <div
          role="application"
          aria-label={t('map.floorPlan')}
          class={`plan mode-${mode.kind}`}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => dropBeacon(e as DragEvent)}
        >
          <div ref={mapDiv} class="leaflet-host" data-test="plan" />
          {!venue.levels.length && !busy && <div class="empty">{t('map.empty')}</div>}
        </div>
      </div>
      <footer class={`status${message?.error ? ' error' : ''}`} aria-live="polite">
        {busy ? (
          <span class="busy">
            <i class="spinner" /> {busy}…
          </span>
        ) : (
          (message?.text ?? t('map.ready'))
        )}
        {!busy && message?.lines && (
          <ul>
            {message.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        )}
      </footer>
    </div>
  );
}
