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

/** A list page's load: the rows under `key`, or the message shown; `loading` ends either way. */
export async function loadList(
  page: { setData(patch: Record<string, unknown>): void },
  key: string,
  rows: () => Promise<unknown[]>,
): Promise<void> {
  try {
    page.setData({ [key]: await rows(), loading: false, error: '' });
  } catch (error) {
    page.setData({ loading: false, error: showError(error) });
  }
}
