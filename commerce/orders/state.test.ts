import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, isFinal, nextStatuses, ORDER_STATUSES, ORDER_TYPES } from './state.js';

describe('order state machine', () => {
  it('walks a pickup order from created to completed', () => {
    expect(nextStatuses('pickup', 'created')).toEqual(['paid', 'cancelled']);
    expect(nextStatuses('pickup', 'paid')).toEqual(['preparing', 'refunded']);
    expect(nextStatuses('pickup', 'preparing')).toEqual(['ready', 'refunded']);
    expect(nextStatuses('pickup', 'ready')).toEqual(['completed', 'refunded']);
  });

  it('lets a scan-to-buy order leave the store once paid', () => {
    expect(nextStatuses('scan_to_buy', 'paid')).toEqual(['completed', 'refunded']);
    expect(canTransition('scan_to_buy', 'paid', 'preparing')).toBe(false);
  });

  it('never cancels a paid order (that is a refund) nor refunds an unpaid one', () => {
    for (const type of ORDER_TYPES) {
      expect(canTransition(type, 'paid', 'cancelled')).toBe(false);
      expect(canTransition(type, 'created', 'refunded')).toBe(false);
    }
  });

  it('has no way out of a final status and no way back to created', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_TYPES), fc.constantFrom(...ORDER_STATUSES), (type, from) => {
        const next = nextStatuses(type, from);
        if (isFinal(from)) expect(next).toEqual([]);
        expect(next).not.toContain('created');
        expect(next).not.toContain(from);
      }),
    );
  });
});
