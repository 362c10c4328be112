/**
 * The brand's own WeChat mini-program, for its brand admin: the AppID and AppSecret from the WeChat
 * developer platform, and the reminder and order-status templates. Without one, the brand's shoppers
 * use the server's mini-program. The secret is sent once and never shown again (the server keeps it
 * sealed).
 */
import './campaigns.css';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { dateLocale, t } from './i18n';
import { Nav } from './nav';
import { refusalOf } from './refusals';

interface Miniprogram {
  appid: string;
  reminder_template_id: string | null;
  order_status_template_id: string | null;
  updated_at: string;
}

const NO_APP = { appid: '', secret: '', template: '', orderTemplate: '' };

export function BrandPage({ onOut }: { onOut: () => void }) {
  const [brand, setBrand] = useState<{ id: string; name: string }>();
  /** null: the brand uses the server's mini-program. */
  const [own, setOwn] = useState<Miniprogram | null>();
  const [form, setForm] = useState(NO_APP);
  const [error, setError] = useState<{ message: string; field?: string | undefined }>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    (async () => {
      const [mine] = await api.get<{ id: string; name: string }[]>('/tenants');
      if (!mine) return;
      setBrand(mine);
      // own: false (the server's app) is the usual answer, not an error.
      const current = await api.get<({ own: true } & Miniprogram) | { own: false }>(
        `/tenants/${mine.id}/miniprogram`,
      );
      if (!current.own) return setOwn(null);
      setOwn(current);
      setForm({
        appid: current.appid,
        secret: '',
        template: current.reminder_template_id ?? '',
        orderTemplate: current.order_status_template_id ?? '',
      });
    })().catch((e) => setError(refusalOf(e)));
  }, []);

  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const fieldError = (field: string) => error?.field === field && <span class="error">{error.message}</span>;

  async function save(e: Event) {
    e.preventDefault();
    if (!brand) return;
    setError(undefined);
    try {
      const current = await api.send<Miniprogram>('PUT', `/tenants/${brand.id}/miniprogram`, {
        appid: form.appid.trim(),
        secret: form.secret,
        reminder_template_id: form.template.trim() || null,
        order_status_template_id: form.orderTemplate.trim() || null,
      });
      setOwn(current);
      setForm({ ...form, secret: '' });
      setSaved(t('brand.saved', { brand: brand.name, appid: current.appid }));
    } catch (e) {
      setError(refusalOf(e));
    }
  }

  async function remove() {
    if (!brand) return;
    setError(undefined);
    try {
      await api.send('DELETE', `/tenants/${brand.id}/miniprogram`, undefined);
      setOwn(null);
      setForm(NO_APP);
      setSaved(t('brand.removed', { brand: brand.name }));
    } catch (e) {
      setError(refusalOf(e));
    }
  }

  return (
    <div class="campaigns">
      <Nav current="brand" onOut={onOut} />
      <main class="page">
        <div class="page-head">
          <h1>{t('brand.title', { brand: brand?.name ?? t('brand.unnamed') })}</h1>
        </div>
        {own === null && (
          <p class="hint" data-test="miniprogram-state">
            {t('brand.serverApp')}
          </p>
        )}
        {own && (
          <p class="hint" data-test="miniprogram-state">
            {t('brand.ownApp', {
              appid: own.appid,
              reminder: own.reminder_template_id
                ? t('brand.ownReminder', { template: own.reminder_template_id })
                : '',
              orders: own.order_status_template_id
                ? t('brand.ownOrders', { template: own.order_status_template_id })
                : '',
              time: new Date(own.updated_at).toLocaleString(dateLocale()),
            })}
          </p>
        )}
        {own !== undefined && (
          <form class="card book-form" onSubmit={save} data-test="miniprogram-form">
            <h2>{t(own ? 'brand.change' : 'brand.set')}</h2>
            <label>
              {t('brand.appid')}
              <input value={form.appid} onInput={set('appid')} required placeholder="wx…" />
              {fieldError('appid')}
            </label>
            <label>
              {t('brand.secret')}
              <input
                type="password"
                value={form.secret}
                onInput={set('secret')}
                required
                autoComplete="off"
                placeholder={own ? t('brand.secretAgain') : ''}
              />
              {fieldError('secret')}
            </label>
            <label>
              {t('brand.reminderTemplate')}
              <input value={form.template} onInput={set('template')} />
              {fieldError('reminder_template_id')}
            </label>
            <label>
              {t('brand.orderTemplate')}
              <input value={form.orderTemplate} onInput={set('orderTemplate')} />
              <span class="hint">{t('brand.orderTemplateHint')}</span>
              {fieldError('order_status_template_id')}
            </label>
            {error &&
              !['appid', 'secret', 'reminder_template_id', 'order_status_template_id'].includes(
                error.field ?? '',
              ) && <p class="error">{error.message}</p>}
            <button type="submit" class="primary">
              {t('brand.save')}
            </button>
            {own && (
              <button type="button" onClick={remove}>
                {t('brand.useServers')}
              </button>
            )}
          </form>
        )}
      </main>
      <footer class="status" aria-live="polite">
        {saved ?? t(own === undefined ? 'brand.loading' : 'brand.ready')}
      </footer>
    </div>
  );
}
