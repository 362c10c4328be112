/**
 * Asking the shopper to allow one WeChat subscribe message on a brand's template (an order update, an
 * appointment reminder). WeChat shows the prompt only from a tap, so this comes first in the tap's
 * handler, before anything is awaited. Resolves whatever the answer, refusal and failure too: it never
 * stops what the tap was for.
 */
import { type Session, storedSession } from './session';

type TemplateOf = (session: Session) => string | null;

function askFor(templateOf: TemplateOf): Promise<void> {
  const session = storedSession();
  const template = session && templateOf(session);
  if (!template) return Promise.resolve();
  return new Promise((resolve) => {
    try {
      wx.requestSubscribeMessage({ tmplIds: [template], success: () => resolve(), fail: () => resolve() });
    } catch {
      // A base library without it (before 2.4.4).
      resolve();
    }
  });
}

/** At checkout's Pay: the order's updates (ready, refunded, lapsed unpaid). */
export const askForOrderUpdates = () => askFor((s) => s.orderStatusTemplateId);

/** At Book: the reminder before the appointment. */
export const askForReminder = () => askFor((s) => s.reminderTemplateId);
