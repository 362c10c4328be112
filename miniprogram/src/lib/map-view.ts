/**
 * Draws one level of the store's shopper map on a canvas 2d context: the floor, zones, shelves,
 * walls and doors, then the route, the product's pin and the blue dot. The store frame is metres
 * with y north; the canvas has y down, so y is flipped. Pure over the context: the tests record it.
 */
import type { MapPoint, Ring, ShopperMap } from './api';

export interface MapView {
  level: number;
  /** Canvas pixels per metre. */
  scale: number;
  /** Canvas position of the frame's (minX, maxY) corner. */
  left: number;
  top: number;
  minX: number;
  maxY: number;
}

export interface BlueDot extends MapPoint {
  /** Metres; the halo's radius. */
  accuracy: number;
}

export interface Overlay {
  route?: MapPoint[];
  target?: MapPoint & { label: string };
  dot?: BlueDot;
}

const PADDING = 12;

const COLOURS = {
  floor: '#f7f7f2',
  zone: 'rgba(46, 160, 67, 0.12)',
  zoneText: '#2e7d32',
  shelf: '#c9ced6',
  wall: '#4a4f57',
  opening: '#2ea043',
  route: '#1677ff',
  target: '#e8590c',
  dot: '#1677ff',
  halo: 'rgba(22, 119, 255, 0.18)',
};

/** The scale and offset that fit the level's outline (and whatever stands on it) in the canvas. */
export function fitLevel(map: ShopperMap, level: number, width: number, height: number): MapView {
  const rings: Ring[] = [
    ...map.levels.filter((l) => l.level === level).map((l) => l.outline),
    ...map.features.filter((f) => f.level === level).map((f) => f.polygon),
  ];
  const points = rings.flat();
  if (!points.length) return { level, scale: 1, left: PADDING, top: PADDING, minX: 0, maxY: 0 };
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const minX = Math.min(...xs);
  const maxY = Math.max(...ys);
  const spanX = Math.max(Math.max(...xs) - minX, 1);
  const spanY = Math.max(maxY - Math.min(...ys), 1);
  const scale = Math.min((width - 2 * PADDING) / spanX, (height - 2 * PADDING) / spanY);
  // Centred in whichever direction has room to spare.
  return {
    level,
    scale,
    left: (width - spanX * scale) / 2,
    top: (height - spanY * scale) / 2,
    minX,
    maxY,
  };
}

export const toCanvas = (view: MapView, x: number, y: number): [number, number] => [
  view.left + (x - view.minX) * view.scale,
  view.top + (view.maxY - y) * view.scale,
];

function ring(ctx: MapCanvas, view: MapView, points: Ring) {
  ctx.beginPath();
  points.forEach(([x, y], i) => {
    const [cx, cy] = toCanvas(view, x, y);
    if (i === 0) ctx.moveTo(cx, cy);
    else ctx.lineTo(cx, cy);
  });
  ctx.closePath();
}

const middle = (points: Ring): [number, number] => [
  points.reduce((s, p) => s + p[0], 0) / points.length,
  points.reduce((s, p) => s + p[1], 0) / points.length,
];

export function drawMap(
  ctx: MapCanvas,
  map: ShopperMap,
  view: MapView,
  overlay: Overlay,
  width: number,
  height: number,
): void {
  ctx.clearRect(0, 0, width, height);
  for (const level of map.levels.filter((l) => l.level === view.level)) {
    ring(ctx, view, level.outline);
    ctx.fillStyle = COLOURS.floor;
    ctx.fill();
    ctx.strokeStyle = COLOURS.wall;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  const features = map.features.filter((f) => f.level === view.level);
  for (const kind of ['zone', 'shelf', 'wall', 'opening'] as const) {
    for (const feature of features.filter((f) => f.kind === kind)) {
      ring(ctx, view, feature.polygon);
      ctx.fillStyle =
        kind === 'zone'
          ? COLOURS.zone
          : kind === 'shelf'
            ? COLOURS.shelf
            : kind === 'wall'
              ? COLOURS.wall
              : COLOURS.opening;
      ctx.fill();
      if (kind === 'zone' && feature.name) {
        const [x, y] = toCanvas(view, ...middle(feature.polygon));
        ctx.fillStyle = COLOURS.zoneText;
        ctx.font = '11px sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText(feature.name, x, y);
      }
    }
  }
  drawOverlay(ctx, view, overlay);
}

function drawOverlay(ctx: MapCanvas, view: MapView, overlay: Overlay) {
  const route = (overlay.route ?? []).filter((p) => p.level === view.level);
  if (route.length > 1) {
    ctx.beginPath();
    route.forEach((p, i) => {
      const [x, y] = toCanvas(view, p.x, p.y);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.strokeStyle = COLOURS.route;
    ctx.lineWidth = 4;
    ctx.setLineDash([8, 6]);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (overlay.target && overlay.target.level === view.level) {
    const [x, y] = toCanvas(view, overlay.target.x, overlay.target.y);
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, 2 * Math.PI);
    ctx.fillStyle = COLOURS.target;
    ctx.fill();
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(overlay.target.label, x, y - 12);
  }
  if (overlay.dot && overlay.dot.level === view.level) {
    const [x, y] = toCanvas(view, overlay.dot.x, overlay.dot.y);
    ctx.beginPath();
    ctx.arc(x, y, Math.max(overlay.dot.accuracy * view.scale, 10), 0, 2 * Math.PI);
    ctx.fillStyle = COLOURS.halo;
    ctx.fill();
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.fillStyle = COLOURS.dot;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}
