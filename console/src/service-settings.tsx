/**
 * The brand's message push, as its admin sets it up: the URL to enter in the mini-program's admin
 * (Development → Development settings → Message push, data format JSON), the Token (never shown
 * again), the EncodingAESKey for safe mode, and the away message sent while the shopper's store is
 * closed.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { LoadError } from './load-error';
import type { Notice } from './service';
import { pushSettings, type ServiceSettings, savePushSettings, serviceRefusal } from './service-api';

export function PushSettings({ say }: { say: (notice: Notice) => void }) {
  const [settings, setSettings] = useState<ServiceSettings>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [token, setToken] = useState('');
  const [aesKey, setAesKey] = useState('');
  const [away, setAway] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    pushSettings().then(
      (s) => {
        setSettings(s);
        setAway(s.away_message ?? '');
      },
      (e) => setError(serviceRefusal(e)),
    );
  }, [version]);

  async function save(change: { encoding_aes_key?: string | null }) {
    setBusy(true);
    try {
      const saved = await savePushSettings({
        ...(token ? { push_token: token } : {}),
        ...change,
        away_message: away.trim() || null,
      });
      setSettings(saved);
      setToken('');
      setAesKey('');
      say({ text: t('service.settingsSaved') });
    } catch (failure) {
      say({ text: serviceRefusal(failure), error: true });
    } finally {
      setBusy(false);
    }
  }

  if (error)
    return (
      <LoadError message={error} tryAgain={t('service.tryAgain')} onRetry={() => setVersion((v) => v + 1)} />
    );
  if (!settings) return <p class="hint">{t('service.loading')}</p>;
  return (
    <form
      class="card push-settings"
      onSubmit={(e) => {
        e.preventDefault();
        save(aesKey ? { encoding_aes_key: aesKey } : {});
      }}
    >
      <h2>{t('service.push')}</h2>
      <label>
        {t('service.pushUrl')}
        <input readOnly value={`${location.origin}${settings.push_path}`} />
      </label>
      <p class="hint">{t('service.pushUrlHint')}</p>
      <label>
        {t('service.pushToken')}
        <input
          value={token}
          pattern="[A-Za-z0-9]{3,32}"
          required={!settings.push_token_set}
          placeholder={settings.push_token_set ? t('service.keptSecret') : ''}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('service.aesKey')}
        <input
          value={aesKey}
          pattern="[A-Za-z0-9]{43}"
          placeholder={settings.safe_mode ? t('service.keptSecret') : t('service.aesKeyNone')}
          onInput={(e) => setAesKey((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('service.away')}
        <textarea
          rows={2}
          maxLength={600}
          value={away}
          onInput={(e) => setAway((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <p class="hint">{t('service.awayHint')}</p>
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t('service.settingsSave')}
        </button>
        {settings.safe_mode && (
          <button type="button" disabled={busy} onClick={() => save({ encoding_aes_key: null })}>
            {t('service.safeModeOff')}
          </button>
        )}
      </div>
    </form>
  );
}
