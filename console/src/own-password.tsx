/**
 * The header's Change password: any staff member changes their own (a clerk the first one their admin
 * handed over). The current one proves it is them; the new one is typed twice, a mismatch said
 * before anything is sent. The server answers with a fresh session, kept as this tab's, so the
 * console carries on signed in while the account's other sessions are refused.
 */
import './own-password.css';
import { useState } from 'preact/hooks';
import { changeOwnPassword } from './account-api';
import { session } from './api';
import { t } from './i18n';
import { Modal } from './modal';
import { refusalOf } from './refusals';

export function OwnPassword() {
  const [open, setOpen] = useState(false);
  const [changed, setChanged] = useState(false);
  return (
    <>
      {changed && (
        <span class="password-changed" role="status">
          {t('account.changed')}
        </span>
      )}
      <button
        type="button"
        class="link own-password"
        onClick={() => {
          setChanged(false);
          setOpen(true);
        }}
      >
        {t('account.changePassword')}
      </button>
      {open && (
        <PasswordDialog
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            setChanged(true);
          }}
        />
      )}
    </>
  );
}

function PasswordDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState('');
  const [repeat, setRepeat] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const typed = (set: (value: string) => void) => (e: Event) => {
    setError(undefined);
    set((e.target as HTMLInputElement).value);
  };
  async function save() {
    if (fresh !== repeat) {
      setError(t('account.mismatch'));
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      const { token } = await changeOwnPassword({ current_password: current, new_password: fresh });
      session.token = token;
      onDone();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setSending(false);
    }
  }
  return (
    <Modal
      title={t('account.title')}
      error={error}
      cancel={t('account.cancel')}
      onClose={onClose}
      onSubmit={save}
      actions={
        <button type="submit" disabled={sending}>
          {t('account.save')}
        </button>
      }
    >
      <label>
        {t('account.current')}
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={typed(setCurrent)}
          required
        />
      </label>
      <label>
        {t('account.new')}
        <input
          type="password"
          autoComplete="new-password"
          value={fresh}
          onInput={typed(setFresh)}
          required
          minLength={8}
          maxLength={200}
        />
      </label>
      <label>
        {t('account.repeat')}
        <input
          type="password"
          autoComplete="new-password"
          value={repeat}
          onInput={typed(setRepeat)}
          required
        />
      </label>
      <p class="hint">{t('account.hint')}</p>
    </Modal>
  );
}
