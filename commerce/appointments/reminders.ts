/**
 * Reminders: a worker that tells shoppers of their booking the service's `reminder_min` before
 * it starts, through push/'s channels (the shopper's live topic, and a WeChat subscribe message
 * when the brand has a template). push/ claims one log row per (booking, channel) before sending,
 * so a reminder goes out once however many workers run or restart; the booking is then marked.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/pool.js';
import { brandChannels, type Channels, deliver } from '../../push/index.js';
import { getStore, type Store } from '../../stores/index.js';
import { localClock } from './slots.js';

interface DueReminder {
  id: string;
  shopper_id: string;
  store_id: string;
  service: string;
  starts_at: Date;
}

export const reminderKey = (bookingId: string) => `appointment-reminder:${bookingId}`;

/** Sends the reminders due at `now`. Returns how many bookings were reminded. */
export async function sendDueReminders(
  db: Db,
  /** Each brand's channels (`reminderChannels`). */
  channelsOf: (tenantId: string) => Promise<Channels>,
  now = new Date(),
  limit = 100,
): Promise<number> {
  const tenants = await db.anonymous(
    async (tx) =>
      (await tx.query<{ id: string }>('SELECT id FROM appointment_reminder_tenants($1) AS id', [now])).rows,
  );
  let sent = 0;
  for (const { id: tenantId } of tenants) {
    const due = await db.tenant(tenantId, async (tx) => {
      const { rows } = await tx.query<DueReminder>(
        `SELECT b.id, b.shopper_id, b.store_id, s.name AS service, b.starts_at
         FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id
         WHERE b.status = 'booked' AND b.reminded_at IS NULL AND b.shopper_id IS NOT NULL AND b.remind_at <= $1
         ORDER BY b.remind_at LIMIT $2`,
        [now, limit],
      );
      const stores = new Map<string, Store | undefined>();
      for (const id of new Set(rows.map((r) => r.store_id))) stores.set(id, await getStore(tx, id));
      return rows.map((row) => {
        const store = stores.get(row.store_id);
        const local = localClock(store?.timezone ?? 'UTC', row.starts_at);
        return { ...row, where: store?.name ?? '', when: `${local.date.slice(5)} ${local.time}` };
      });
    });
    if (due.length === 0) continue;
    // Each brand's own: its mini-program's subscribe template, or none.
    const through = await channelsOf(tenantId);
    for (const booking of due) {
      await deliver(db, through, {
        tenantId,
        shopperId: booking.shopper_id,
        sourceKey: reminderKey(booking.id),
        // The message opens the shopper's appointments on this booking.
        pageQuery: `id=${booking.id}`,
        title: `预约提醒 ${booking.service}`,
        body: `${booking.when} ${booking.where}`,
        payload: {
          kind: 'appointment_reminder',
          booking_id: booking.id,
          starts_at: booking.starts_at.toISOString(),
        },
      });
      await db.tenant(tenantId, (tx) =>
        tx.query('UPDATE appointment_bookings SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL', [
          booking.id,
          now,
        ]),
      );
      sent++;
    }
  }
  return sent;
}

/**
 * A brand's channels for reminders: the app's MQTT client, and WeChat when the brand's mini-program
 * (its own, or the server's) has a reminder template.
 */
export const reminderChannels = (app: FastifyInstance) =>
  brandChannels(app, (wechat) => wechat.reminderTemplateId, 'pages/appointments/index');
