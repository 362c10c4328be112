/**
 * Customer service: the conversations shoppers start from the mini-program's WeChat chat, waiting
 * and open ones first, newest first, unread marked; store staff see their stores' and the brand-level
 * ones, brand admins all. The open conversation is in the hash route (`#/service/<id>`), so it can be
 * reloaded or sent to a colleague; the brand admin's message push and quick replies at `#/service/setup`. The
 * list and the open conversation are read again every few seconds.
 */
import './campaigns.css';
import './service.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { signedInRole } from './api';
import { t } from './i18n';
import { useLiveLine } from './live-line';
import { LoadError } from './load-error';
import { Nav } from './nav';
import { ago } from './order-api';
import {
  CONVERSATIONS_PAGE,
  type Conversation,
  type InboxFilter,
  LIVE_LINE,
  listConversations,
  readEvery,
  serviceRefusal,
  shopperName,
  statusLabel,
} from './service-api';
import { QuickRepliesEditor } from './service-quick-replies';
import { PushSettings } from './service-settings';
import { Thread } from './service-thread';
import { useStores } from './store-select';

export type Notice = { text: string; error?: boolean };

/**
 * The first page read again as the inbox's live line says it changed (every few seconds while the
 * line is down), with the earlier pages staff asked for kept below it.
 */
function useInbox(filter: InboxFilter) {
  const [first, setFirst] = useState<Conversation[]>();
  const [earlier, setEarlier] = useState<Conversation[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const asked = useRef(0);
  useEffect(() => {
    setFirst(undefined);
    setEarlier([]);
    setExhausted(false);
  }, [filter.status, filter.store]);
  const readNow = useRef(() => {});
  const live = useLiveLine(LIVE_LINE, () => readNow.current());
  useEffect(() => {
    const question = ++asked.current;
    const read = () =>
      listConversations(filter)
        .then((page) => {
          if (question !== asked.current) return;
          setFirst(page);
          setError(undefined);
        })
        .catch((e) => question === asked.current && setError(serviceRefusal(e)));
    readNow.current = read;
    read();
    const timer = setInterval(read, readEvery(live));
    return () => clearInterval(timer);
  }, [filter.status, filter.store, version, live]);
  const shownIds = new Set(first?.map((c) => c.id));
  const conversations = first && [...first, ...earlier.filter((c) => !shownIds.has(c.id))];
  async function more() {
    const last = conversations?.at(-1);
    if (!last) return;
    const page = await listConversations(filter, last.id);
    setEarlier((e) => [...e, ...page]);
    if (page.length < CONVERSATIONS_PAGE) setExhausted(true);
  }
  return {
    conversations,
    error,
    hasMore: !exhausted && (first?.length ?? 0) >= CONVERSATIONS_PAGE,
    more,
    reload: () => setVersion((v) => v + 1),
  };
}

export function ServicePage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<Notice>();
  const [filter, setFilter] = useState<InboxFilter>({ status: 'active', store: '' });
  const [storesError, setStoresError] = useState<string>();
  const stores = useStores(setStoresError);
  const inbox = useInbox(filter);
  const view = path[0];
  const isAdmin = signedInRole() === 'brand_admin' || signedInRole() === 'platform_admin';
  useEffect(() => setNotice(undefined), [view]);
  const unread = inbox.conversations?.reduce((n, c) => n + c.unread, 0) ?? 0;
  // Staff with the inbox in a background tab see the shoppers waiting in the tab's title.
  useEffect(() => {
    document.title = unread ? t('service.tabTitle', { count: unread }) : t('app.title');
    return () => {
      document.title = t('app.title');
    };
  });
  const storeName = (id: string | null) => {
    const store = id && stores?.find((s) => s.id === id);
    return store ? store.name : id ? '' : t('service.brandLevel');
  };

  return (
    <div class="campaigns">
      <Nav current="service" onOut={onOut} />
      <main class="page service-desk">
        <div class="page-head">
          <h1>{t('service.title')}</h1>
          <label>
            {t('service.status')}{' '}
            <select
              value={filter.status}
              onChange={(e) =>
                setFilter({
                  ...filter,
                  status: (e.target as HTMLSelectElement).value as InboxFilter['status'],
                })
              }
            >
              <option value="active">{t('service.status.active')}</option>
              {(['waiting', 'open', 'answered', 'closed'] as const).map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
              <option value="">{t('service.status.all')}</option>
            </select>
          </label>
          <label>
            {t('service.store')}{' '}
            <select
              value={filter.store}
              onChange={(e) => setFilter({ ...filter, store: (e.target as HTMLSelectElement).value })}
            >
              <option value="">{t('service.store.all')}</option>
              {stores?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
              <option value="none">{t('service.store.none')}</option>
            </select>
          </label>
          {isAdmin && (
            <a class="button small" href="#/service/setup">
              {t('service.manageQuick')}
            </a>
          )}
        </div>
        {storesError && <p class="error">{storesError}</p>}
        {view === 'setup' ? (
          <div class="service-setup">
            <PushSettings say={setNotice} />
            <QuickRepliesEditor say={setNotice} />
          </div>
        ) : (
          <div class="service-columns">
            <section class="inbox" aria-label={t('service.title')}>
              {inbox.error && (
                <LoadError message={inbox.error} tryAgain={t('service.tryAgain')} onRetry={inbox.reload} />
              )}
              {!inbox.conversations && !inbox.error && <p class="hint">{t('service.loading')}</p>}
              {inbox.conversations?.length === 0 && <p class="hint">{t('service.none')}</p>}
              <ul>
                {inbox.conversations?.map((c) => (
                  <li key={c.id}>
                    <a
                      href={`#/service/${c.id}`}
                      class={`conversation${c.id === view ? ' current' : ''}${c.unread ? ' has-unread' : ''}`}
                      aria-current={c.id === view ? 'true' : undefined}
                    >
                      <span class="who">{shopperName(c.shopper)}</span>
                      <span class={`badge service-${c.status}`}>{statusLabel(c.status)}</span>
                      {c.unread > 0 && (
                        <span class="unread" title={t('service.unread', { count: c.unread })}>
                          {c.unread}
                        </span>
                      )}
                      {/* The server previews a picture as [image] (service/conversations.ts). */}
                      <span class="preview">
                        {c.last_message === '[image]' ? t('service.image') : (c.last_message ?? '')}
                      </span>
                      <small class="muted">
                        {storeName(c.store_id)} · {ago(Date.now() - Date.parse(c.last_message_at))}
                      </small>
                    </a>
                  </li>
                ))}
              </ul>
              {inbox.hasMore && (
                <button
                  type="button"
                  class="small"
                  onClick={() =>
                    inbox.more().catch((e) => setNotice({ text: serviceRefusal(e), error: true }))
                  }
                >
                  {t('service.more')}
                </button>
              )}
            </section>
            <section class={`thread-pane${view ? ' open' : ''}`}>
              {view ? (
                <Thread
                  key={view}
                  id={view}
                  stores={stores ?? []}
                  storeName={storeName}
                  say={setNotice}
                  onChanged={inbox.reload}
                />
              ) : (
                <p class="hint">{t('service.pick')}</p>
              )}
            </section>
          </div>
        )}
      </main>
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ?? ''}
      </footer>
    </div>
  );
}
