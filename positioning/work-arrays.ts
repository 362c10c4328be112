/**
 * Work arrays kept between calls, so that a scan allocates nothing: each module that wants them makes its
 * own pool (the engine is single-threaded, and the pools of two modules must not share a slot).
 */
export type WorkArrays = (slot: number, size: number) => Float64Array;

/** A pool whose `slot`th array has at least `size` entries, grown `growth` times what was asked for. */
export function workArrays(growth = 1): WorkArrays {
  const arrays: Float64Array[] = [];
  return (slot, size) => {
    if (!arrays[slot] || arrays[slot].length < size) arrays[slot] = new Float64Array(size * growth);
    return arrays[slot];
  };
}
