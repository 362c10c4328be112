import { describe, expect, it } from 'vitest';
import { ackQueue } from './acks.js';

describe('ack queue', () => {
  it('sends acks in the order the messages came, each once, whatever order they are dealt with in', () => {
    const sent: number[] = [];
    const acks = ackQueue((id) => sent.push(id));
    const [a, b, c] = [acks.hold(1), acks.hold(2), acks.hold(3)];
    c();
    b();
    expect(sent).toEqual([]);
    expect(acks.held).toBe(3);
    a();
    a();
    expect(sent).toEqual([1, 2, 3]);
    expect(acks.held).toBe(0);
  });

  it('forgets the acks of a connection that dropped: the broker redelivers those messages', () => {
    const sent: number[] = [];
    const acks = ackQueue((id) => sent.push(id));
    const old = acks.hold(7);
    acks.reset();
    const fresh = acks.hold(7);
    old();
    expect(sent).toEqual([]);
    fresh();
    expect(sent).toEqual([7]);
  });

  it('keeps its order across many messages dealt with out of order', () => {
    const sent: number[] = [];
    const acks = ackQueue((id) => sent.push(id));
    const done = Array.from({ length: 5000 }, (_, i) => acks.hold(i % 65535));
    for (let i = 0; i < done.length; i += 2) done[i + 1]!();
    for (let i = 0; i < done.length; i += 2) done[i]!();
    expect(sent).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(acks.held).toBe(0);
  });
});
