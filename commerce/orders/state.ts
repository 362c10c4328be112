/**
 * The order's state machine, pure: which status may follow which, per order type. Every change
 * of status goes through `checkTransition`, and every change is written to the audit trail.
 *
 *   pickup, delivery:  created → paid → preparing → ready → completed
 *   scan_to_buy:       created → paid → completed (the exit pass is checked at the door)
 *   any type:          created → cancelled;  paid | preparing | ready → refunded
 */
export const ORDER_TYPES = ['pickup', 'delivery', 'scan_to_buy'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_STATUSES = [
  'created',
  'paid',
  'preparing',
  'ready',
  'completed',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const FULFILMENT: Record<OrderType, readonly OrderStatus[]> = {
  pickup: ['created', 'paid', 'preparing', 'ready', 'completed'],
  delivery: ['created', 'paid', 'preparing', 'ready', 'completed'],
  scan_to_buy: ['created', 'paid', 'completed'],
};

/** The statuses that may follow `from` for an order of this type. */
export function nextStatuses(type: OrderType, from: OrderStatus): OrderStatus[] {
  const path = FULFILMENT[type];
  const at = path.indexOf(from);
  const next: OrderStatus[] = at >= 0 && at < path.length - 1 ? [path[at + 1]!] : [];
  if (from === 'created') next.push('cancelled');
  if (from === 'paid' || from === 'preparing' || from === 'ready') next.push('refunded');
  return next;
}

export function canTransition(type: OrderType, from: OrderStatus, to: OrderStatus): boolean {
  return nextStatuses(type, from).includes(to);
}

/** Final statuses: nothing follows them. */
export const isFinal = (status: OrderStatus) =>
  status === 'completed' || status === 'cancelled' || status === 'refunded';
