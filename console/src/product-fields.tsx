/** The parts the product forms share: a refusal shown at its field, and the question asked before a step that stays. */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';
import { useEscape } from './stock-dialogs';

export interface Refusal {
  message: string;
  field?: string | undefined;
}

/** The refusal when it names this field (`skus.0.barcode`). */
export function Problem({ error, at }: { error: Refusal | undefined; at: string }) {
  if (error?.field !== at) return null;
  return (
    <p class="field-error" role="alert">
      {error.message}
    </p>
  );
}

/** The refusal when it names none of the form's fields (a store's, a taken code's, the network's). */
export function Unplaced({ error, fields }: { error: Refusal | undefined; fields: string[] }) {
  if (!error || (error.field && fields.includes(error.field))) return null;
  return (
    <p class="field-error" role="alert">
      {error.message}
    </p>
  );
}

export function Confirm({
  title,
  children,
  yes,
  danger,
  busy,
  onYes,
  onNo,
}: {
  title: string;
  children: ComponentChildren;
  yes: string;
  danger?: boolean;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  useEscape(onNo);
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
        <h3 id="confirm-title">{title}</h3>
        {children}
        <div class="row end">
          <button type="button" class="link" onClick={onNo} disabled={busy}>
            {t('dialog.cancel')}
          </button>
          <button type="button" class={danger ? 'danger-solid' : 'primary'} onClick={onYes} disabled={busy}>
            {busy ? t('dialog.sending') : yes}
          </button>
        </div>
      </div>
    </div>
  );
}
