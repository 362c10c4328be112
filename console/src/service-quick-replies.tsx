/**
 * The brand's quick replies, as the brand admin keeps them: a title, the answer ({store_hours} filled
 * in when sent), and the keywords a shopper's message is answered by itself for. Each one is edited in
 * place; a new one is added below.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { LoadError } from './load-error';
import type { Notice } from './service';
import {
  createQuickReply,
  deleteQuickReply,
  type QuickReply,
  quickReplies,
  serviceRefusal,
  updateQuickReply,
} from './service-api';

type Draft = { title: string; body: string; keywords: string };

const draftOf = (q?: QuickReply): Draft => ({
  title: q?.title ?? '',
  body: q?.body ?? '',
  keywords: q?.keywords.join(', ') ?? '',
});
const keywordsOf = (typed: string) => [
  ...new Set(
    typed
      .split(/[,，、]/)
      .map((k) => k.trim())
      .filter(Boolean),
  ),
];

function QuickReplyForm({
  reply,
  onSaved,
  say,
}: {
  reply?: QuickReply;
  onSaved: () => void;
  say: (notice: Notice) => void;
}) {
  const [draft, setDraft] = useState(draftOf(reply));
  const [busy, setBusy] = useState(false);
  const field = (name: keyof Draft) => ({
    value: draft[name],
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value }),
  });
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const body = {
        title: draft.title.trim(),
        body: draft.body.trim(),
        keywords: keywordsOf(draft.keywords),
      };
      if (reply) await updateQuickReply(reply.id, body);
      else {
        await createQuickReply(body);
        setDraft(draftOf());
      }
      say({ text: t('service.quickSaved') });
      onSaved();
    } catch (failure) {
      say({ text: serviceRefusal(failure), error: true });
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    if (!reply) return;
    try {
      await deleteQuickReply(reply.id);
      say({ text: t('service.quickDeleted') });
      onSaved();
    } catch (failure) {
      say({ text: serviceRefusal(failure), error: true });
    }
  }
  return (
    <form class="card quick-reply" onSubmit={save}>
      <label>
        {t('service.quickTitle')}
        <input required maxLength={60} {...field('title')} />
      </label>
      <label>
        {t('service.quickBody')}
        <textarea required rows={2} maxLength={1000} {...field('body')} />
      </label>
      <p class="hint">{t('service.quickBodyHint')}</p>
      <label>
        {t('service.quickKeywords')}
        <input {...field('keywords')} />
      </label>
      <p class="hint">{t('service.quickKeywordsHint')}</p>
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {reply ? t('service.quickSave') : t('service.quickAdd')}
        </button>
        {reply && (
          <button type="button" class="danger" onClick={remove}>
            {t('service.quickDelete')}
          </button>
        )}
      </div>
    </form>
  );
}

export function QuickRepliesEditor({ say }: { say: (notice: Notice) => void }) {
  const [replies, setReplies] = useState<QuickReply[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    quickReplies().then(setReplies, (e) => setError(serviceRefusal(e)));
  }, [version]);
  const reload = () => setVersion((v) => v + 1);
  return (
    <div class="quick-replies">
      <h2>{t('service.quickReplies')}</h2>
      {error && <LoadError message={error} tryAgain={t('service.tryAgain')} onRetry={reload} />}
      {replies?.length === 0 && <p class="hint">{t('service.quickNone')}</p>}
      {replies?.map((q) => (
        <QuickReplyForm key={`${q.id}-${q.updated_at}`} reply={q} onSaved={reload} say={say} />
      ))}
      <QuickReplyForm onSaved={reload} say={say} />
    </div>
  );
}
