/**
 * The floor plan on screen: Leaflet with CRS.Simple, so map units are the store frame's metres
 * (Leaflet's [lat, lng] is our [y, x]). Layers for the plan image, the map, beacons, the accuracy
 * heatmap, a route, calibration points and the shape being drawn. Imperative on purpose: Leaflet
 * owns its DOM, the Preact side only calls these methods.
 */
import L from 'leaflet';
import type { AccuracyMap, Beacon, Fix, FloorPlan, Point, Route, VenueMap } from './api';
import { t } from './i18n';

const CONNECTOR_KINDS = ['lift', 'escalator', 'stairs'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** A lift, escalator or stairs in the staff member's words; a kind this console does not know, as the map has it. */
export const connectorLabel = (kind: string): string =>
  (CONNECTOR_KINDS as readonly string[]).includes(kind) ? t(`map.connector.${kind as ConnectorKind}`) : kind;

const STYLE = {
  outline: { color: '#475569', weight: 2, fillColor: '#ffffff', fillOpacity: 0.55 },
  shelf: { color: '#92400e', weight: 1, fillColor: '#d97706', fillOpacity: 0.75 },
  wall: { color: '#1f2937', weight: 1, fillColor: '#374151', fillOpacity: 0.9 },
  zone: { color: '#2563eb', weight: 1.5, dashArray: '4 3', fillColor: '#3b82f6', fillOpacity: 0.15 },
  opening: { color: '#059669', weight: 1, fillColor: '#10b981', fillOpacity: 0.4 },
} as const;

const ll = (x: number, y: number) => L.latLng(y, x);

/** Green (good) → amber → red (poor), by expected error in metres. */
export function heatColour(error: number): [number, number, number] {
  const share = Math.max(0, Math.min(1, (error - 1) / 4));
  const stops: [number, number, number][] = [
    [22, 163, 74],
    [234, 179, 8],
    [220, 38, 38],
  ];
  const i = share < 0.5 ? 0 : 1;
  const u = share < 0.5 ? share * 2 : (share - 0.5) * 2;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * u)) as [number, number, number];
}

export class PlanView {
  readonly map: L.Map;
  private plan: L.SVGOverlay | undefined;
  private shapes = L.layerGroup();
  private beacons = L.layerGroup();
  private heat = L.layerGroup();
  private route = L.layerGroup();
  private guide = L.layerGroup();
  private draft = L.layerGroup();
  private live = L.layerGroup();
  private planned = L.layerGroup();
  private fitted = false;
  onClick: (p: Point) => void = () => {};
  /** A shelf, zone, wall or connector clicked (by id): the editor shows what can be done with it. */
  onSelect: (featureId: string) => void = () => {};
  onSelectBeacon: (beacon: Beacon) => void = () => {};

  constructor(container: HTMLElement) {
    this.map = L.map(container, {
      crs: L.CRS.Simple,
      minZoom: -2,
      maxZoom: 5,
      zoomSnap: 0.25,
      attributionControl: false,
      doubleClickZoom: false,
    });
    this.map.setView([15, 20], 3);
    for (const layer of [
      this.shapes,
      this.heat,
      this.guide,
      this.route,
      this.draft,
      this.planned,
      this.beacons,
      this.live,
    ])
      layer.addTo(this.map);
    this.map.on('click', (e: L.LeafletMouseEvent) =>
      this.onClick([round(e.latlng.lng), round(e.latlng.lat)]),
    );
  }

  /** Where on the plan a browser event (a drop, a click) happened, in metres. */
  frameAt(event: MouseEvent): Point {
    const p = this.map.mouseEventToLatLng(event);
    return [round(p.lng), round(p.lat)];
  }

  showPlan(url: string | undefined, plan: FloorPlan | undefined): void {
    this.plan?.remove();
    this.plan = undefined;
    if (!url || !plan) return;
    const m = plan.transform;
    // Leaflet's ImageOverlay only stretches an image into a north-up box, and a CSS transform on
    // the <img> would fight Leaflet's own positioning transform. So the image goes inside an SVG
    // spanning the rotated plan's bounding box, with the plan's affine map as an SVG transform.
    // SVG y runs down, the frame's north up: the viewBox works in (x, −y) metres.
    const corners = [
      [0, 0],
      [plan.width_px, 0],
      [0, plan.height_px],
      [plan.width_px, plan.height_px],
    ].map(([u, v]) => [m.a * u! + m.b * v! + m.e, m.c * u! + m.d * v! + m.f] as const);
    const xs = corners.map(([x]) => x);
    const ys = corners.map(([, y]) => y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', `${x0} ${-y1} ${x1 - x0} ${y1 - y0}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    image.setAttribute('href', url);
    image.setAttribute('width', String(plan.width_px));
    image.setAttribute('height', String(plan.height_px));
    image.setAttribute('preserveAspectRatio', 'none');
    image.setAttribute('transform', `matrix(${m.a} ${-m.c} ${m.b} ${-m.d} ${m.e} ${-m.f})`);
    image.setAttribute('class', 'floor-plan');
    svg.appendChild(image);
    const bounds = L.latLngBounds(ll(x0, y0), ll(x1, y1));
    this.plan = L.svgOverlay(svg, bounds, { opacity: 0.85 }).addTo(this.map);
    this.plan.bringToBack();
  }

  /** `selected`: the shape picked in the editor, or the zones a campaign fires in. */
  showMap(map: VenueMap, level: number, selected: string | readonly string[] = []): void {
    const chosen = typeof selected === 'string' ? [selected] : selected;
    this.shapes.clearLayers();
    const outline = map.levels.find((l) => l.level === level)?.outline;
    if (outline)
      L.polygon(
        outline.map(([x, y]) => ll(x, y)),
        { ...STYLE.outline, interactive: false },
      ).addTo(this.shapes);
    for (const f of map.features.filter((g) => g.level === level)) {
      const shape = L.polygon(
        f.polygon.map(([x, y]) => ll(x, y)),
        {
          ...STYLE[f.kind],
          ...(chosen.includes(f.id) ? { color: '#db2777', weight: 3 } : {}),
          ...(chosen.includes(f.id) && f.kind === 'zone' ? { fillColor: '#ec4899', fillOpacity: 0.3 } : {}),
          className: `feature feature-${f.kind}`,
        },
      ).addTo(this.shapes);
      shape.on('click', () => this.onSelect(f.id));
      if (f.name)
        shape.bindTooltip(f.name, {
          permanent: f.kind === 'zone',
          direction: 'center',
          className: `label label-${f.kind}`,
        });
    }
    for (const p of map.products.filter((q) => q.level === level)) {
      L.circleMarker(ll(p.x, p.y), { radius: 2.5, color: '#78350f', weight: 1, fillOpacity: 1 })
        .bindTooltip(p.sku)
        .addTo(this.shapes);
    }
    for (const c of map.connectors) {
      for (const end of [c.from, c.to].filter((e) => e.level === level)) {
        L.marker(ll(end.x, end.y), {
          icon: L.divIcon({
            className: 'connector-icon',
            html: c.kind === 'lift' ? '⇅' : '⇗',
            iconSize: [20, 20],
          }),
        })
          .on('click', () => this.onSelect(c.id))
          .bindTooltip(
            t('map.connector.between', {
              connector: c.name ?? connectorLabel(c.kind),
              from: c.from.level,
              to: c.to.level,
            }),
          )
          .addTo(this.shapes);
      }
    }
    if (!this.fitted && outline) this.fitTo(outline);
  }

  /**
   * Frames `points` at once, not in an animated zoom: shapes moving under the pointer would turn a
   * click that lands meanwhile into a drag, which Leaflet drops (a zone picked as the map appears).
   */
  fitTo(points: readonly Point[]): void {
    if (points.length > 1)
      this.map.fitBounds(L.latLngBounds(points.map(([x, y]) => ll(x, y))).pad(0.05), { animate: false });
    this.fitted = true;
  }

  showBeacons(beacons: Beacon[], level: number, onMove: (b: Beacon, p: Point) => void): void {
    this.beacons.clearLayers();
    for (const b of beacons.filter((c) => c.level === level)) {
      const marker = L.marker(ll(b.x, b.y), {
        draggable: true,
        icon: L.divIcon({ className: 'beacon-icon', html: `<span>${b.minor}</span>`, iconSize: [22, 22] }),
        title: b.name ?? `${b.major}:${b.minor}`,
      });
      marker.on('click', () => this.onSelectBeacon(b));
      marker.on('dragend', () => {
        const p = marker.getLatLng();
        onMove(b, [round(p.lng), round(p.lat)]);
      });
      marker
        .bindTooltip(`${b.name ?? t('map.beacon')} · ${b.major}:${b.minor} · ${b.tx_power} dBm`)
        .addTo(this.beacons);
    }
  }

  /** Beacons proposed by a plan and not yet added: hollow markers that cannot be dragged. */
  showPlanned(points: readonly { x: number; y: number }[]): void {
    this.planned.clearLayers();
    for (const p of points)
      L.marker(ll(p.x, p.y), {
        icon: L.divIcon({ className: 'planned-icon', html: '<span>B</span>', iconSize: [22, 22] }),
      })
        .bindTooltip(t('map.plan.ghost'))
        .addTo(this.planned);
  }

  showHeat(accuracy: AccuracyMap | undefined): void {
    this.heat.clearLayers();
    if (!accuracy) return;
    const canvas = document.createElement('canvas');
    canvas.width = accuracy.cols;
    canvas.height = accuracy.rows;
    const ctx = canvas.getContext('2d')!;
    const image = ctx.createImageData(accuracy.cols, accuracy.rows);
    accuracy.error_m.forEach((e, i) => {
      if (e === null) return;
      // Grid rows run from the south; canvas rows from the top.
      const row = accuracy.rows - 1 - Math.floor(i / accuracy.cols);
      const k = (row * accuracy.cols + (i % accuracy.cols)) * 4;
      const [r, g, b] = heatColour(e);
      image.data.set([r, g, b, 170], k);
    });
    ctx.putImageData(image, 0, 0);
    const [x0, y0] = accuracy.origin;
    const bounds = L.latLngBounds(
      ll(x0, y0),
      ll(x0 + accuracy.cols * accuracy.cell, y0 + accuracy.rows * accuracy.cell),
    );
    L.imageOverlay(canvas.toDataURL(), bounds, { className: 'heatmap', interactive: false }).addTo(this.heat);
    accuracy.suggestions.forEach((s, i) => {
      L.marker(ll(s.x, s.y), {
        icon: L.divIcon({ className: 'suggestion-icon', html: `+${i + 1}`, iconSize: [26, 26] }),
      })
        .bindTooltip(t('map.accuracy.suggestion', { gain: s.gain_m.toFixed(2) }))
        .addTo(this.heat);
    });
  }

  showRoute(route: Route | undefined, level: number): void {
    this.route.clearLayers();
    if (!route) return;
    const legs: Route['path'][] = [];
    for (const p of route.path) {
      const last = legs.at(-1);
      if (last && last[0]!.level === p.level) last.push(p);
      else legs.push([p]);
    }
    for (const leg of legs.filter((l) => l[0]!.level === level)) {
      L.polyline(
        leg.map((p) => ll(p.x, p.y)),
        { color: '#0f766e', weight: 5, opacity: 0.9, className: 'route-line' },
      ).addTo(this.route);
    }
    // The start as a hollow dot, the destination as a full one.
    for (const [p, radius, fillColor] of [
      [route.path[0]!, 6, '#ffffff'],
      [route.path.at(-1)!, 7, '#14b8a6'],
    ] as const) {
      if (p.level === level)
        L.circleMarker(ll(p.x, p.y), { radius, color: '#0f766e', fillColor, fillOpacity: 1 }).addTo(
          this.route,
        );
    }
  }

  /** Shoppers where positioning puts them now: a dot, and a faint circle as wide as the fix is unsure. */
  /** Shoppers `inside` the store in purple; phones heard but not come in (passers-by) hollow and grey. */
  showLive(fixes: Fix[], level: number, inside: ReadonlySet<string>): void {
    this.live.clearLayers();
    for (const f of fixes.filter((g) => g.level === level)) {
      const shopper = inside.has(f.device);
      const colour = shopper ? '#7c3aed' : '#6b7280';
      L.circle(ll(f.x, f.y), {
        radius: f.accuracy,
        color: colour,
        weight: 1,
        opacity: 0.4,
        fillOpacity: shopper ? 0.08 : 0.03,
        interactive: false,
      }).addTo(this.live);
      L.circleMarker(ll(f.x, f.y), {
        radius: 5,
        color: shopper ? '#ffffff' : colour,
        weight: 2,
        fillColor: shopper ? colour : '#ffffff',
        fillOpacity: 1,
        className: shopper ? 'live-dot' : 'live-dot live-dot-nearby',
      })
        .bindTooltip(
          `${f.device.slice(0, 8)} · ±${f.accuracy.toFixed(1)} m${shopper ? '' : t('map.live.notIn')}`,
        )
        .addTo(this.live);
    }
  }

  showGuide(points: { x: number; y: number }[]): void {
    this.guide.clearLayers();
    points.forEach((p, i) => {
      L.marker(ll(p.x, p.y), {
        icon: L.divIcon({
          className: `guide-icon${i === 0 ? ' next' : ''}`,
          html: String(i + 1),
          iconSize: [20, 20],
        }),
      }).addTo(this.guide);
    });
  }

  showDraft(points: Point[], closed: boolean): void {
    this.draft.clearLayers();
    if (points.length === 0) return;
    const latlngs = points.map(([x, y]) => ll(x, y));
    (closed && points.length > 2
      ? L.polygon(latlngs, { color: '#db2777', weight: 2 })
      : L.polyline(latlngs, { color: '#db2777', weight: 2, dashArray: '5 4' })
    ).addTo(this.draft);
    for (const p of latlngs)
      L.circleMarker(p, { radius: 4, color: '#db2777', fillOpacity: 1 }).addTo(this.draft);
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
