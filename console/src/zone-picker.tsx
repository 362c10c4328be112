/**
 * Where a campaign fires: the store's map (the same drawing as the store editor's), where a click
 * on a zone adds it to the campaign or takes it out, and where a new zone can be drawn corner by
 * corner and saved to the store map for everyone.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, api, type MapFeature, type Point, type Store, type VenueMap } from './api';
import type { Notify } from './campaigns';
import { t } from './i18n';
import { PlanView } from './plan-view';
import { refusalOf } from './refusals';

export interface ZoneName {
  name: string;
  store: string;
}

export function ZonePicker({
  stores,
  selected,
  onChange,
  names,
  onZonesLoaded,
  notify,
  readOnly = false,
}: {
  stores: Store[];
  selected: string[];
  onChange: (zones: string[]) => void;
  names: Map<string, ZoneName>;
  /** A store map loaded: its zones, so chips elsewhere can name them. */
  onZonesLoaded: (store: Store, zones: MapFeature[]) => void;
  notify: Notify;
  /** An ended campaign's zones: shown, not changed. */
  readOnly?: boolean;
}) {
  const mapDiv = useRef<HTMLDivElement>(null);
  const view = useRef<PlanView | undefined>(undefined);
  const [storeId, setStoreId] = useState(stores[0]?.id);
  const [venue, setVenue] = useState<VenueMap>();
  const [level, setLevel] = useState(0);
  const [drawing, setDrawing] = useState(false);
  const [draft, setDraft] = useState<Point[]>([]);
  const [draftName, setDraftName] = useState('');
  const [saving, setSaving] = useState(false);
  const store = stores.find((s) => s.id === storeId) ?? stores[0];

  useEffect(() => {
    view.current = new PlanView(mapDiv.current!);
    return () => view.current?.map.remove();
  }, []);

  async function loadMap(s: Store): Promise<VenueMap> {
    const { map } = await api.get<{ map: VenueMap }>(`/stores/${s.id}/map`);
    onZonesLoaded(
      s,
      map.features.filter((f) => f.kind === 'zone'),
    );
    return map;
  }

  useEffect(() => {
    if (!store) return;
    setVenue(undefined);
    setDrawing(false);
    setDraft([]);
    loadMap(store)
      .then((map) => {
        setVenue(map);
        const first = map.levels.find((l) => l.level === 0) ?? map.levels[0];
        setLevel(first?.level ?? 0);
        if (first) view.current?.fitTo(first.outline);
      })
      .catch((error) => notify({ text: refusalOf(error).message, error: true }));
  }, [store?.id]);

  useEffect(() => {
    if (venue) view.current?.showMap(venue, level, selected);
  }, [venue, level, selected]);
  useEffect(() => view.current?.showDraft(draft, drawing), [draft, drawing]);
  // Bound as the render commits, not after the next paint: a click in between would reach the
  // previous render's handlers (the store editor's plan does the same).
  useLayoutEffect(() => {
    if (!view.current) return;
    // Functional update: clicks can come faster than renders.
    view.current.onClick = (p) => drawing && setDraft((d) => [...d, p]);
    view.current.onSelect = (id) => {
      if (readOnly || drawing || venue?.features.find((f) => f.id === id)?.kind !== 'zone') return;
      onChange(selected.includes(id) ? selected.filter((z) => z !== id) : [...selected, id]);
    };
  });

  function startDrawing() {
    const count = venue?.features.filter((f) => f.kind === 'zone').length ?? 0;
    setDraftName(t('campaigns.zones.newName', { n: count + 1 }));
    setDraft([]);
    setDrawing(true);
  }

  async function saveZone() {
    if (!store) return;
    setSaving(true);
    try {
      const zone = await api.send<MapFeature>('POST', `/stores/${store.id}/zones`, {
        level,
        name: draftName.trim(),
        polygon: draft,
      });
      setVenue(await loadMap(store));
      onChange([...selected, zone.id]);
      setDrawing(false);
      setDraft([]);
      notify({ text: t('campaigns.zones.saved', { zone: zone.name ?? '', store: store.name }) });
    } catch (error) {
      notify({
        text:
          error instanceof ApiFailure
            ? t('campaigns.zones.notSaved', { why: refusalOf(error).message })
            : refusalOf(error).message,
        error: true,
      });
    } finally {
      setSaving(false);
    }
  }

  const levels = venue?.levels ?? [];
  return (
    <div class="zone-picker">
      <div class="row">
        {stores.length > 1 && (
          <label class="inline">
            {t('campaigns.zones.mapOf')}
            <select
              name="zone-store"
              value={store?.id}
              onChange={(e) => setStoreId((e.target as HTMLSelectElement).value)}
            >
              {stores.map((s) => (
                <option value={s.id} key={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {levels.length > 1 && (
          <label class="inline">
            {t('campaigns.zones.level')}
            <select
              name="zone-level"
              value={level}
              onChange={(e) => setLevel(Number((e.target as HTMLSelectElement).value))}
            >
              {levels.map((l) => (
                <option value={l.level} key={l.level}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {!drawing && !readOnly && (
          <button type="button" class="small" onClick={startDrawing} disabled={!levels.length}>
            {t('campaigns.zones.draw')}
          </button>
        )}
      </div>
      <div class={`zone-map${drawing ? ' drawing' : ''}`}>
        <div ref={mapDiv} class="leaflet-host" data-test="zone-map" />
        {venue && !levels.length && <div class="empty">{t('campaigns.zones.noMap')}</div>}
      </div>
      {drawing ? (
        <div class="panel" data-test="zone-draft">
          <p>{t('campaigns.zones.drawHint', { count: draft.length })}</p>
          <div class="row">
            <label class="inline grow">
              {t('campaigns.zones.name')}
              <input
                name="new-zone-name"
                value={draftName}
                onInput={(e) => setDraftName((e.target as HTMLInputElement).value)}
              />
            </label>
            <button
              type="button"
              class="primary small"
              disabled={draft.length < 3 || !draftName.trim() || saving}
              onClick={saveZone}
            >
              {t(saving ? 'campaigns.editor.saving' : 'campaigns.zones.save')}
            </button>
            <button
              type="button"
              class="link"
              disabled={!draft.length}
              onClick={() => setDraft(draft.slice(0, -1))}
            >
              {t('campaigns.zones.undo')}
            </button>
            <button type="button" class="link" onClick={() => setDrawing(false)}>
              {t('campaigns.confirm.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <p class="hint">{t('campaigns.zones.pickHint')}</p>
      )}
      <ul class="chips" data-test="picked-zones">
        {selected.map((id) => (
          <li key={id}>
            {names.get(id)?.name ?? t('campaigns.zones.zone')}
            {stores.length > 1 && names.get(id) && <small> · {names.get(id)!.store}</small>}
            {!readOnly && (
              <button
                type="button"
                aria-label={t('campaigns.remove', { name: names.get(id)?.name ?? t('campaigns.zones.zone') })}
                onClick={() => onChange(selected.filter((z) => z !== id))}
              >
                ×
              </button>
            )}
          </li>
        ))}
        {selected.length === 0 && <li class="none">{t('campaigns.zones.none')}</li>}
      </ul>
    </div>
  );
}
