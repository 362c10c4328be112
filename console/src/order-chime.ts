/**
 * The desk's bell: a short two-note chime when a paid order the desk has not seen before comes into
 * To prepare, for a clerk serving at the counter with the screen out of sight. Off until the clerk
 * turns it on — a browser plays sound only after a click on the page, and the switch is that click —
 * and remembered on this computer.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

const STORED = 'smart-store-desk-chime';

function ring(context: AudioContext): void {
  // Remembered as on, the page was opened without a click yet: the browser holds the sound until one.
  void context.resume();
  const now = context.currentTime;
  const tone = context.createOscillator();
  const volume = context.createGain();
  tone.frequency.setValueAtTime(880, now);
  tone.frequency.setValueAtTime(1320, now + 0.15);
  volume.gain.setValueAtTime(0.25, now);
  volume.gain.exponentialRampToValueAtTime(0.001, now + 0.5);
  tone.connect(volume).connect(context.destination);
  tone.start(now);
  tone.stop(now + 0.5);
}

/** Rings when `waiting` (the To prepare lane, undefined while loading) holds an order not seen before in this store. */
export function useOrderChime(storeId: string | undefined, waiting: readonly { id: string }[] | undefined) {
  const [on, setOn] = useState(() => localStorage.getItem(STORED) === 'on');
  const audio = useRef<AudioContext | undefined>(undefined);
  /** Orders already in the lane when the desk first read this store's orders, and since: no news. */
  const seen = useRef<Set<string> | undefined>(undefined);
  const play = () => {
    audio.current ??= new AudioContext();
    ring(audio.current);
  };
  useEffect(() => {
    seen.current = undefined;
  }, [storeId]);
  const ids = waiting?.map((o) => o.id).join(' ');
  useEffect(() => {
    if (ids === undefined) return;
    const fresh = ids ? ids.split(' ') : [];
    const known = seen.current;
    seen.current = new Set([...(known ?? []), ...fresh]);
    if (known && on && fresh.some((id) => !known.has(id))) play();
  }, [ids]);
  function toggle() {
    const next = !on;
    setOn(next);
    localStorage.setItem(STORED, next ? 'on' : 'off');
    // Heard at once: the clerk knows the volume, and the browser has its click.
    if (next) play();
  }
  return { on, toggle };
}
