/** What the shopper sees when something goes wrong: the server's own message, never a crash. */
import { ApiError } from './http';

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

/** Shows the message in a dialog and answers it, for the page's own `error` line. */
export function showError(error: unknown): string {
  const message = messageOf(error);
  wx.showModal({ title: 'Sorry', content: message, showCancel: false });
  return message;
}
