/**
 * A modal dialog's frame as the console's desks open one: its title (also its name to a screen reader),
 * what it shows or asks, the refusal it met, and its buttons after Cancel. Escape closes it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

/** Escape closes a dialog, as the Cancel button does. */
export function useEscape(onClose: () => void) {
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    addEventListener('keydown', close);
    return () => removeEventListener('keydown', close);
  }, [onClose]);
}

export function Modal({
  title,
  error,
  cancel,
  actions,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  /** The refusal, in the server's words. */
  error: string | undefined;
  /** The screen's word for Cancel. */
  cancel: string;
  /** The buttons after Cancel. */
  actions: ComponentChildren;
  onClose: () => void;
  /** A form's: Enter sends it. Without it the dialog is a question its buttons answer. */
  onSubmit?: () => void;
  children: ComponentChildren;
}) {
  useEscape(onClose);
  const body = (
    <>
      <h3>{title}</h3>
      {children}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="row end">
        <button type="button" onClick={onClose}>
          {cancel}
        </button>
        {actions}
      </div>
    </>
  );
  return (
    <div class="modal-backdrop" role="dialog" aria-label={title}>
      {onSubmit ? (
        <form
          class="modal"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {body}
        </form>
      ) : (
        <div class="modal">{body}</div>
      )}
    </div>
  );
}
