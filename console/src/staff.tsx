/**
 * The brand's staff accounts, for its brand admins: who may sign in to the console, in which role and
 * at which stores. A new hire gets an account and a first password to hand over; a leaver is
 * deactivated (kept, so what they did still names them); a forgotten password is set anew. An admin
 * cannot deactivate their own account or change their own role (the server refuses it too).
 */
import './staff.css';
import { useEffect, useState } from 'preact/hooks';
import { type Store, signedInId } from './api';
import { t } from './i18n';
import { LoadError } from './load-error';
import { Modal } from './modal';
import { Nav } from './nav';
import { refusalOf } from './refusals';
import {
  addStaff,
  BRAND_ROLES,
  changeStaff,
  listStaff,
  newPassword,
  type Role,
  STORE_BOUND,
  type Staff,
  type StaffUpdate,
} from './staff-api';
import { useStores } from './store-select';

type Open = { kind: 'add' } | { kind: 'edit'; staff: Staff };

export function StaffPage({ onOut }: { onOut: () => void }) {
  const [staff, setStaff] = useState<Staff[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [open, setOpen] = useState<Open>();
  const [version, setVersion] = useState(0);
  const stores = useStores(setError);
  useEffect(() => {
    listStaff().then(setStaff, (e) => setError(refusalOf(e).message));
  }, [version]);
  const storeCodes = (ids: string[]) =>
    ids.map((id) => stores?.find((s) => s.id === id)?.code ?? id.slice(0, 8)).join(', ');
  const done = (text: string) => {
    setOpen(undefined);
    setNotice(text);
    setVersion((v) => v + 1);
  };
  return (
    <div class="campaigns">
      <Nav current="staff" onOut={onOut} />
      <main class="page">
        <div class="page-head">
          <h1>{t('staff.title')}</h1>
          <span class="grow" />
          <button type="button" class="primary" onClick={() => setOpen({ kind: 'add' })}>
            {t('staff.add')}
          </button>
        </div>
        <p class="hint top">{t('staff.rule')}</p>
        {error && (
          <LoadError
            message={error}
            tryAgain={t('staff.tryAgain')}
            onRetry={() => setVersion((v) => v + 1)}
          />
        )}
        {!staff && !error && <p class="hint">{t('staff.loading')}</p>}
        {staff && (
          <table class="grid" data-test="staff">
            <thead>
              <tr>
                <th>{t('staff.name')}</th>
                <th>{t('staff.email')}</th>
                <th>{t('staff.role')}</th>
                <th>{t('staff.stores')}</th>
                <th>{t('staff.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {staff.map((s) => (
                <tr key={s.id} data-staff={s.email} class={s.active ? '' : 'muted'}>
                  <td class="title">
                    {s.name}
                    {s.id === signedInId() && <span class="muted"> {t('staff.you')}</span>}
                  </td>
                  <td>{s.email}</td>
                  <td>{t(`role.${s.role}`)}</td>
                  <td>{STORE_BOUND.includes(s.role) ? storeCodes(s.store_ids) : t('staff.allStores')}</td>
                  <td>{s.active ? t('staff.active') : t('staff.inactive')}</td>
                  <td class="actions">
                    <button type="button" class="small" onClick={() => setOpen({ kind: 'edit', staff: s })}>
                      {t('staff.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {open && (
          <StaffDialog
            staff={open.kind === 'edit' ? open.staff : undefined}
            stores={stores ?? []}
            onClose={() => setOpen(undefined)}
            onDone={done}
          />
        )}
      </main>
      <footer class="status" aria-live="polite">
        {notice ?? t(staff ? 'staff.ready' : 'staff.loading')}
      </footer>
    </div>
  );
}

interface Fields {
  name: string;
  email: string;
  role: Role;
  store_ids: string[];
  active: boolean;
  password: string;
}

function StaffDialog({
  staff,
  stores,
  onClose,
  onDone,
}: {
  staff: Staff | undefined;
  stores: Store[];
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const [fields, setFields] = useState<Fields>({
    name: staff?.name ?? '',
    email: staff?.email ?? '',
    role: staff?.role ?? 'clerk',
    store_ids: staff?.store_ids ?? [],
    active: staff?.active ?? true,
    password: staff ? '' : newPassword(),
  });
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const set = (change: Partial<Fields>) => {
    setError(undefined);
    setFields({ ...fields, ...change });
  };
  const own = staff?.id === signedInId();
  const bound = STORE_BOUND.includes(fields.role);
  // Stores mean something for a store-bound role only: the others work across the brand.
  const storeIds = bound ? fields.store_ids : [];
  const patch: StaffUpdate = staff
    ? {
        ...(fields.name.trim() !== staff.name ? { name: fields.name.trim() } : {}),
        ...(fields.role !== staff.role ? { role: fields.role } : {}),
        ...(storeIds.join() !== staff.store_ids.join() ? { store_ids: storeIds } : {}),
        ...(fields.active !== staff.active ? { active: fields.active } : {}),
        ...(fields.password ? { password: fields.password } : {}),
      }
    : {};
  async function save() {
    setSending(true);
    setError(undefined);
    try {
      if (staff) {
        const saved = await changeStaff(staff.id, patch);
        onDone(
          patch.password
            ? t('staff.savedPassword', { name: saved.name, password: fields.password })
            : t('staff.saved', { name: saved.name }),
        );
      } else {
        const made = await addStaff({
          name: fields.name.trim(),
          email: fields.email.trim(),
          role: fields.role,
          store_ids: storeIds,
          password: fields.password,
        });
        onDone(t('staff.added', { name: made.name, email: made.email, password: fields.password }));
      }
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setSending(false);
    }
  }
  const toggleStore = (id: string) =>
    set({
      store_ids: fields.store_ids.includes(id)
        ? fields.store_ids.filter((s) => s !== id)
        : [...fields.store_ids, id],
    });
  return (
    <Modal
      title={staff ? t('staff.editTitle', { name: staff.name }) : t('staff.addTitle')}
      error={error}
      cancel={t('staff.cancel')}
      onClose={onClose}
      onSubmit={save}
      actions={
        <button type="submit" disabled={sending || (staff !== undefined && Object.keys(patch).length === 0)}>
          {staff ? t('staff.save') : t('staff.add')}
        </button>
      }
    >
      <div class="pair">
        <label>
          {t('staff.name')}
          <input
            value={fields.name}
            onInput={(e) => set({ name: (e.target as HTMLInputElement).value })}
            required
            maxLength={200}
          />
        </label>
        <label>
          {t('staff.email')}
          <input
            type="email"
            value={fields.email}
            disabled={Boolean(staff)}
            onInput={(e) => set({ email: (e.target as HTMLInputElement).value })}
            required
          />
        </label>
      </div>
      <label>
        {t('staff.role')}
        <select
          value={fields.role}
          disabled={own}
          onChange={(e) => set({ role: (e.target as HTMLSelectElement).value as Role })}
        >
          {BRAND_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
      </label>
      {own && <p class="hint">{t('staff.ownRole')}</p>}
      {bound ? (
        <fieldset class="checks">
          <legend>{t('staff.worksAt')}</legend>
          {stores.map((s) => (
            <label key={s.id} class="check">
              <input
                type="checkbox"
                checked={fields.store_ids.includes(s.id)}
                onChange={() => toggleStore(s.id)}
              />
              {s.name} ({s.code})
            </label>
          ))}
        </fieldset>
      ) : (
        <p class="hint">{t('staff.acrossBrand')}</p>
      )}
      {staff && !own && (
        <label class="check">
          <input type="checkbox" checked={fields.active} onChange={() => set({ active: !fields.active })} />
          {t('staff.canSignIn')}
        </label>
      )}
      <label>
        {staff ? t('staff.newPassword') : t('staff.firstPassword')}
        <span class="password-field">
          <input
            value={fields.password}
            minLength={8}
            maxLength={200}
            required={!staff}
            autoComplete="off"
            placeholder={staff ? t('staff.passwordUnchanged') : ''}
            onInput={(e) => set({ password: (e.target as HTMLInputElement).value })}
          />
          <button type="button" class="small" onClick={() => set({ password: newPassword() })}>
            {t('staff.generate')}
          </button>
        </span>
      </label>
      <p class="hint">{t('staff.passwordHint')}</p>
    </Modal>
  );
}
