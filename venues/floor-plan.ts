/**
 * A raster floor plan on the store frame: an affine map from image pixels (u right, v down) to
 * metres (x east, y north). Staff set it from two points whose positions in metres they know,
 * which fixes scale, rotation and offset at once (a similarity: no shear, no stretch).
 */
export interface PlanTransform {
  /** x = a·u + b·v + e, y = c·u + d·v + f */
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export interface Tiepoint {
  /** Pixel in the image. */
  px: readonly [u: number, v: number];
  /** Where that pixel is in the store frame, metres. */
  at: readonly [x: number, y: number];
}

/** The image laid over `width_m` metres from the origin, north up: where a fresh upload starts. */
export function fitToWidth(widthPx: number, heightPx: number, widthM: number): PlanTransform {
  const s = widthM / widthPx;
  return { a: s, b: 0, c: 0, d: -s, e: 0, f: s * heightPx };
}

/**
 * The similarity through two tiepoints. In complex numbers with w = u − i·v (the image's v runs
 * down, the frame's y up) and z = x + i·y: z = α·w + β, so α = Δz / Δw and β = z₁ − α·w₁.
 * Undefined when the two pixels coincide.
 */
export function transformFromTiepoints(p1: Tiepoint, p2: Tiepoint): PlanTransform | undefined {
  const wr = p2.px[0] - p1.px[0];
  const wi = -(p2.px[1] - p1.px[1]);
  const zr = p2.at[0] - p1.at[0];
  const zi = p2.at[1] - p1.at[1];
  const w2 = wr * wr + wi * wi;
  if (w2 < 1e-9) return undefined;
  const ar = (zr * wr + zi * wi) / w2;
  const ai = (zi * wr - zr * wi) / w2;
  const [u, v] = p1.px;
  return { a: ar, b: ai, c: ai, d: -ar, e: p1.at[0] - (ar * u + ai * v), f: p1.at[1] - (ai * u - ar * v) };
}

export function pixelToFrame(t: PlanTransform, [u, v]: readonly [number, number]): [number, number] {
  return [t.a * u + t.b * v + t.e, t.c * u + t.d * v + t.f];
}

/** Metres per pixel (the same along both axes for a similarity). */
export function metresPerPixel(t: PlanTransform): number {
  return Math.hypot(t.a, t.c);
}
