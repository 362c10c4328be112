import { describe, expect, it } from 'vitest';
import { Lookup } from './lookup.js';

const options = { ttlMs: 60_000, maxKeys: 100, maxWaitingPerKey: 3 };

describe('Lookup', () => {
  it('lets waiters through in arrival order, then answers at once', async () => {
    let release!: (v: string) => void;
    const lookup = new Lookup<string>(() => new Promise((r) => (release = r)), options);
    const seen: number[] = [];
    expect(
      lookup.with(
        'k',
        () => seen.push(1),
        () => {},
      ),
    ).toBe('later');
    expect(
      lookup.with(
        'k',
        () => seen.push(2),
        () => {},
      ),
    ).toBe('later');
    expect(lookup.waiting).toBe(2);
    release('site');
    await lookup.get('k');
    expect(seen).toEqual([1, 2]);
    expect(
      lookup.with(
        'k',
        () => seen.push(3),
        () => {},
      ),
    ).toBe('now');
    expect(seen).toEqual([1, 2, 3]);
    expect(lookup.waiting).toBe(0);
  });

  it('bounds the waiters of a key and does not cache failures', async () => {
    let calls = 0;
    const lookup = new Lookup<string>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('db down');
      return 'ok';
    }, options);
    const failed: unknown[] = [];
    for (let i = 0; i < 3; i++)
      lookup.with(
        'k',
        () => {},
        (e) => failed.push(e),
      );
    expect(
      lookup.with(
        'k',
        () => {},
        () => {},
      ),
    ).toBe('full');
    await lookup.get('k').catch(() => {});
    await new Promise((r) => setImmediate(r));
    expect(failed).toHaveLength(3);
    await expect(lookup.get('k')).resolves.toBe('ok');
  });

  it('answers with the stale value at once while a fresh one loads, then with the fresh one', async () => {
    let calls = 0;
    let release!: (v: string) => void;
    const lookup = new Lookup<string>(
      (key) => {
        calls += 1;
        return calls === 1 ? Promise.resolve(`${key}-1`) : new Promise((r) => (release = r));
      },
      { ...options, ttlMs: 1 },
    );
    await lookup.get('k');
    await new Promise((r) => setTimeout(r, 5));
    const seen: string[] = [];
    expect(
      lookup.with(
        'k',
        (v) => seen.push(v),
        () => {},
      ),
    ).toBe('now');
    expect(
      lookup.with(
        'k',
        (v) => seen.push(v),
        () => {},
      ),
    ).toBe('now');
    expect(calls).toBe(2);
    release('k-2');
    await new Promise((r) => setImmediate(r));
    lookup.with(
      'k',
      (v) => seen.push(v),
      () => {},
    );
    expect(seen).toEqual(['k-1', 'k-1', 'k-2']);
  });
});
