/**
 * What the shopper sees when something goes wrong, never a crash: the server's refusal in the
 * shopper's language (its own message in English; in Chinese by its code, or its message for a
 * code we have no words for).
 */
import { ApiError } from './http';
import { language, t } from './i18n';
import { FIELDS_ZH_CN, REFUSALS_ZH_CN } from './texts/refusals-zh-CN';

function refusalText(error: ApiError): string {
  if (language() !== 'zh_CN') return error.message;
  const fix = error.code === 'SS_ERR_VALIDATION' ? FIELDS_ZH_CN[error.field ?? ''] : undefined;
  return fix ?? REFUSALS_ZH_CN[error.code] ?? error.message;
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return refusalText(error);
  if (error instanceof Error && error.message) return error.message;
  return t('somethingWrong');
}

/** Shows the message in a dialog and answers it, for the page's own `error` line. */
export function showError(error: unknown): string {
  const message = messageOf(error);
  wx.showModal({ title: t('sorry'), content: message, showCancel: false });
  return message;
}

/** Asks before something that cannot be undone: true when the shopper confirms. */
export const confirmed = (title: string, content: string) =>
  new Promise<boolean>((resolve) => {
    wx.showModal({ title, content, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });

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
