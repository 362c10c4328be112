/**
 * The store's fixed scanners (ESPresense nodes, OpenMQTTGateway or Theengs gateways, raw iBeacon
 * scanners) beside its beacons: which stand in the store and at which beacon, for all its staff (a
 * clerk placing beacons sees what hangs where); for brand admins and managers also the MQTT login
 * each one's firmware needs, and adding and removing them. Like the rest of the setup screen, an added
 * or removed scanner is saved at once: the server keeps the whole list (PUT /stores/:id/scanners).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
// The id the server positions a beacon by (uuid:major:minor), which a scanner's `anchor` names.
import { anchorId } from '../../beacons/beacon.js';
import { ApiFailure, api, type Beacon, type Store } from './api';
import { t } from './i18n';
import { refusalOf } from './refusals';

type Source = 'espresense' | 'openmqttgateway' | 'ibeacon-raw';

/** One scanner as the server keeps it (gateway/scanners.ts); `anchor` is a beacon's `uuid:major:minor`. */
interface StoreScanner {
  source: Source;
  scanner: string;
  anchor: string;
}

interface ScannerLogin {
  source: Source;
  scanner: string;
  username: string;
  password: string;
}

/** The kinds, each with its label, what its name is in the device's own settings, and an example (texts/map-editor.ts). */
const SOURCES: Source[] = ['espresense', 'openmqttgateway', 'ibeacon-raw'];

/**
 * Who may change a store's scanners and read their logins: the server's guard on PUT
 * /stores/:id/scanners and its mqtt-logins (gateway/routes.ts). The store's other staff read the list.
 */
const SCANNER_KEEPERS = ['platform_admin', 'brand_admin', 'store_manager'];

const keyOf = (s: Pick<StoreScanner, 'source' | 'scanner'>) => `${s.source}\u0000${s.scanner}`;

/** The form's fields, as the API names them in a refusal of the new scanner. */
type Field = 'source' | 'scanner' | 'anchor';

/**
 * A refusal of the new scanner `name`, said of its field: `scanners.3.scanner must…` names the field;
 * a name taken (409) or kept by the broker names the whole list, and is about the name.
 */
function refusal(error: unknown, name: string): { field: Field; message: string } {
  const { message, field } = refusalOf(error);
  const at =
    (field?.match(/^scanners\.\d+\.(source|scanner|anchor)$/)?.[1] as Field | undefined) ?? 'scanner';
  const said = message.replace(/^scanners(\.\d+\.\w+)?\s+/, '');
  const taken = error instanceof ApiFailure && error.body.code === 'SS_ERR_SCANNER_TAKEN';
  return {
    field: at,
    message: taken ? t('scanners.taken', { scanner: name }) : said.charAt(0).toUpperCase() + said.slice(1),
  };
}

/**
 * Where scanners connect, as the server's /health tells it: the broker's address when the server
 * uses one of its own (MQTT_URL), or that it runs the embedded one, which listens on its own machine.
 */
function brokerWords(detail: string | undefined): string {
  if (detail === 'embedded broker') return t('scanners.broker.embedded');
  try {
    const url = new URL(detail ?? '');
    const tls = url.protocol === 'mqtts:' || url.protocol === 'wss:';
    const port = url.port || (tls ? '8883' : '1883');
    return t(tls ? 'scanners.broker.atTls' : 'scanners.broker.at', { host: url.hostname, port });
  } catch {
    return t('scanners.broker.server');
  }
}

async function brokerDetail(): Promise<string | undefined> {
  // /health answers 503 with the same body when a dependency is down: still the broker's address.
  const health = (await (await fetch('/health')).json()) as { checks?: { mqtt?: { detail?: string } } };
  return health.checks?.mqtt?.detail;
}

/** Puts text on the clipboard; where the browser gives no clipboard (plain http), selects it to copy by hand. */
async function copy(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select();
    return false;
  }
}

function Secret({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<boolean>();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class="secret row">
      <label>
        {label}
        <input readOnly value={value} ref={input} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      </label>
      <button
        type="button"
        class="small"
        aria-label={t('scanners.copyWhat', { what: label.toLowerCase() })}
        onClick={async () => setCopied(await copy(value, input.current))}
      >
        {copied === undefined ? t('scanners.copy') : copied ? t('scanners.copied') : t('scanners.pressCtrlC')}
      </button>
    </div>
  );
}

export function ScannersPanel(props: {
  store: Store;
  beacons: Beacon[];
  levelName: (level: number) => string;
  role: string;
  /** The beacon last clicked on the plan: while adding, it is the one the scanner stands at. */
  picked: Beacon | undefined;
  /** The editor's way of doing a piece of work: busy indicator, the outcome in the status line. */
  work: (what: string, task: () => Promise<string | undefined>) => Promise<boolean>;
}) {
  const { store, beacons, levelName, picked } = props;
  const keeper = SCANNER_KEEPERS.includes(props.role);
  const [scanners, setScanners] = useState<StoreScanner[]>();
  const [logins, setLogins] = useState<Map<string, ScannerLogin>>(new Map());
  /** Where the broker is, as /health says it (worded as shown, so in the language of the moment). */
  const [broker, setBroker] = useState<{ detail?: string | undefined }>();
  const [loadError, setLoadError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [source, setSource] = useState<Source>('espresense');
  const [name, setName] = useState('');
  const [anchor, setAnchor] = useState('');
  const [error, setError] = useState<{ field: Field; message: string }>();
  const [removing, setRemoving] = useState<string>();
  const [shown, setShown] = useState<string>();

  async function loadLogins() {
    const { scanners: found } = await api.get<{ scanners: ScannerLogin[] }>(
      `/stores/${store.id}/scanners/mqtt-logins`,
    );
    setLogins(new Map(found.map((l) => [keyOf(l), l])));
  }

  useEffect(() => {
    setScanners(undefined);
    setLoadError(undefined);
    (async () => {
      try {
        const listed = await api.get<{ scanners: StoreScanner[] }>(`/stores/${store.id}/scanners`);
        setScanners(listed.scanners);
        // Asked only where the server would answer: a clerk's status line stays free of a 403.
        if (keeper) await loadLogins();
      } catch (failure) {
        setLoadError(refusalOf(failure).message);
      }
    })();
    if (!keeper) return;
    brokerDetail()
      .then((detail) => setBroker({ detail }))
      .catch(() => setBroker({}));
  }, [store.id, keeper]);

  useEffect(() => {
    if (picked) setAnchor(anchorId(picked));
  }, [picked]);
  // A field changed is a field corrected: its complaint goes.
  useEffect(() => setError(undefined), [source, name, anchor]);

  // By the number its marker shows on the plan (its minor), then its name.
  const levels = new Set(beacons.map((b) => b.level)).size;
  const beaconLabel = (b: Beacon) =>
    `${b.minor} · ${b.name ?? `${b.major}:${b.minor}`}${levels > 1 ? ` · ${levelName(b.level)}` : ''}`;
  const byPlace = [...beacons].sort((a, b) => a.level - b.level || a.minor - b.minor);
  const standsAt = (a: string) => {
    const beacon = beacons.find((b) => anchorId(b) === a);
    return beacon
      ? t('scanners.atBeacon', { beacon: beaconLabel(beacon) })
      : t('scanners.goneBeacon', { beacon: a.split(':').slice(1).join(':') });
  };

  /**
   * Saves the whole list; on a refusal the list on screen stays what the server has, and the refusal
   * of the scanner being `added` comes back to be shown beside its field (the status line has it too).
   */
  async function save(next: StoreScanner[], what: string, done: string, added?: string) {
    let refused: { field: Field; message: string } | undefined;
    let saved = false;
    await props.work(what, async () => {
      try {
        const answer = await api.send<{ scanners: StoreScanner[] }>('PUT', `/stores/${store.id}/scanners`, {
          scanners: next,
        });
        setScanners(answer.scanners);
        saved = true;
      } catch (failure) {
        if (added === undefined) throw failure;
        refused = refusal(failure, added);
        throw new Error(refused.message);
      }
      // A scanner's password follows where it is registered: read them again after every change.
      await loadLogins();
      return done;
    });
    return { saved, refused };
  }

  async function add(e: Event) {
    e.preventDefault();
    const scanner = name.trim();
    setError(undefined);
    if (!scanner)
      return setError({
        field: 'scanner',
        message: t('scanners.giveName', { what: t(`scanners.nameIs.${source}`) }),
      });
    if (!anchor) return setError({ field: 'anchor', message: t('scanners.pickBeacon') });
    if (scanners?.some((s) => keyOf(s) === keyOf({ source, scanner })))
      return setError({ field: 'scanner', message: t('scanners.already', { scanner }) });
    const { saved, refused } = await save(
      [...(scanners ?? []), { source, scanner, anchor }],
      t('scanners.busy.adding'),
      t('scanners.added', { scanner }),
      scanner,
    );
    if (refused) setError(refused);
    if (!saved) return;
    setName('');
    setAnchor('');
    setAdding(false);
    setShown(keyOf({ source, scanner }));
  }

  async function remove(s: StoreScanner) {
    setRemoving(undefined);
    await save(
      (scanners ?? []).filter((o) => keyOf(o) !== keyOf(s)),
      t('scanners.busy.removing'),
      t('scanners.removed', { scanner: s.scanner }),
    );
  }

  const fieldError = (field: Field) =>
    error?.field === field && (
      <p class="field-error" role="alert">
        {error.message}
      </p>
    );

  return (
    <section data-test="scanners">
      <h2>{t('scanners.title')}</h2>
      {loadError && <p class="error">{loadError}</p>}
      {!scanners && !loadError && <p class="hint">{t('scanners.loading')}</p>}
      {scanners?.length === 0 && <p class="hint">{t('scanners.none')}</p>}
      {scanners && scanners.length > 0 && (
        <ul class="scanners">
          {scanners.map((s) => {
            const key = keyOf(s);
            const login = logins.get(key);
            return (
              <li key={key} data-test="scanner">
                <div>
                  <strong>{s.scanner}</strong>
                  <small class="scanner-place">
                    {t('scanners.place', {
                      kind: t(`scanners.source.${s.source}`),
                      place: standsAt(s.anchor),
                    })}
                  </small>
                </div>
                {keeper && (
                  <div class="row">
                    {login && (
                      <button
                        type="button"
                        class="link"
                        onClick={() => setShown(shown === key ? undefined : key)}
                      >
                        {shown === key ? t('scanners.hideLogin') : t('scanners.login')}
                      </button>
                    )}
                    {removing === key ? (
                      <>
                        <button type="button" class="small danger" onClick={() => remove(s)}>
                          {t('scanners.removeOne', { scanner: s.scanner })}
                        </button>
                        <button type="button" class="link" onClick={() => setRemoving(undefined)}>
                          {t('scanners.keep')}
                        </button>
                      </>
                    ) : (
                      <button type="button" class="small" onClick={() => setRemoving(key)}>
                        {t('scanners.remove')}
                      </button>
                    )}
                  </div>
                )}
                {removing === key && <p class="hint">{t('scanners.removeWhat')}</p>}
                {login && shown === key && (
                  <div class="panel" data-test="mqtt-login">
                    <Secret label={t('scanners.username')} value={login.username} />
                    <Secret label={t('scanners.password')} value={login.password} />
                    <p class="hint">
                      {t('scanners.setThese')} {broker && brokerWords(broker.detail)}
                    </p>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {scanners && !keeper && <p class="hint">{t('scanners.notKeeper')}</p>}
      {keeper && scanners && !adding && (
        <button type="button" onClick={() => setAdding(true)} disabled={beacons.length === 0}>
          {t('scanners.add')}
        </button>
      )}
      {keeper && scanners && beacons.length === 0 && <p class="hint">{t('scanners.placeBeaconFirst')}</p>}
      {adding && (
        <form class="panel" onSubmit={add} data-test="add-scanner" noValidate>
          <label>
            {t('scanners.kind')}
            <select
              name="scanner-source"
              value={source}
              aria-invalid={error?.field === 'source'}
              onChange={(e) => setSource((e.target as HTMLSelectElement).value as Source)}
            >
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`scanners.source.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {fieldError('source')}
          <label>
            {t('scanners.name')}
            <input
              name="scanner-name"
              value={name}
              maxLength={128}
              placeholder={t(`scanners.example.${source}`)}
              aria-invalid={error?.field === 'scanner'}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          </label>
          <p class="hint">{t('scanners.nameHint', { what: t(`scanners.nameIs.${source}`) })}</p>
          {fieldError('scanner')}
          <label>
            {t('scanners.standsAt')}
            <select
              name="scanner-anchor"
              value={anchor}
              aria-invalid={error?.field === 'anchor'}
              onChange={(e) => setAnchor((e.target as HTMLSelectElement).value)}
            >
              <option value="">{t('scanners.pickBeside')}</option>
              {byPlace.map((b) => (
                <option key={b.id} value={anchorId(b)}>
                  {beaconLabel(b)}
                </option>
              ))}
            </select>
          </label>
          <p class="hint">{t('scanners.markerHint')}</p>
          {fieldError('anchor')}
          <div class="row">
            <button type="submit">{t('scanners.addAndSave')}</button>
            <button
              type="button"
              class="link"
              onClick={() => {
                setAdding(false);
                setError(undefined);
              }}
            >
              {t('scanners.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
