/**
 * One conversation: the shopper's messages and the replies, oldest first, read again every few
 * seconds (and marked read while open); the reply box with the brand's quick replies; close and
 * reopen. A reply WeChat refused stays in the thread, marked not sent, with why.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Store } from './api';
import { dateLocale, t } from './i18n';
import { useLiveLine } from './live-line';
import { LoadError } from './load-error';
import { orderNumber } from './order-api';
import type { Notice } from './service';
import {
  type Conversation,
  conversationThread,
  LIVE_LINE,
  type Message,
  markRead,
  type QuickReply,
  quickReplies,
  type ReplyCreate,
  readEvery,
  sendReply,
  serviceRefusal,
  setClosed,
  shopperName,
  statusLabel,
  undeliveredReason,
} from './service-api';
import { SendProduct } from './service-product-card';

function MessageBody({ message, conversation }: { message: Message; conversation: Conversation }) {
  const order = message.order_id ? orderNumber({ id: message.order_id }) : '';
  // The order opens on the orders desk of its store (`#/orders/<store>/<order>`).
  const orderLink = message.order_id && conversation.store_id && (
    <a href={`#/orders/${conversation.store_id}/${message.order_id}`}>{t('service.openOrder', { order })}</a>
  );
  switch (message.kind) {
    case 'entered':
      return (
        <p class="event">
          {order ? t('service.enteredOrder', { order }) : t('service.entered')} {orderLink}
        </p>
      );
    case 'image':
      return (
        <p>
          {t('service.image')}{' '}
          {message.image_url && (
            <a href={message.image_url} target="_blank" rel="noreferrer">
              {t('service.openImage')}
            </a>
          )}
        </p>
      );
    case 'card':
      // Staff's cards are products, their thumbnail the catalogue's; a shopper's is an order.
      return message.author === 'shopper' ? (
        <div class="order-card">
          <strong>{message.card?.title}</strong>
          <small class="muted">{t('service.card')}</small>
          {orderLink}
        </div>
      ) : (
        <div class="order-card product-card">
          {message.card?.thumb_url && <img src={message.card.thumb_url} alt="" width={48} height={48} />}
          <strong>{message.card?.title}</strong>
          <small class="muted">{t('service.productCard')}</small>
        </div>
      );
    default:
      return <p class="text">{message.body}</p>;
  }
}

export function Thread({
  id,
  stores,
  storeName,
  say,
  onChanged,
}: {
  id: string;
  /** The stores a brand-level conversation's product card may open at. */
  stores: Store[];
  storeName: (id: string | null) => string;
  say: (notice: Notice) => void;
  onChanged: () => void;
}) {
  const [thread, setThread] = useState<{ conversation: Conversation; messages: Message[] }>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [saved, setSaved] = useState<QuickReply[]>([]);
  const end = useRef<HTMLDivElement>(null);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    quickReplies().then(setSaved, () => setSaved([]));
  }, []);
  const readNow = useRef(() => {});
  const lineUp = useLiveLine(LIVE_LINE, () => readNow.current());
  useEffect(() => {
    let live = true;
    const read = () =>
      conversationThread(id)
        .then(async (loaded) => {
          if (!live) return;
          setThread(loaded);
          setError(undefined);
          // Open on screen is read: the shopper's new messages stop counting as unread.
          if (loaded.conversation.unread > 0) {
            await markRead(id);
            onChanged();
          }
        })
        .catch((e) => live && setError(serviceRefusal(e)));
    readNow.current = read;
    read();
    const timer = setInterval(read, readEvery(lineUp));
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id, version, lineUp]);
  const count = thread?.messages.length ?? 0;
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [count]);

  if (error) return <LoadError message={error} tryAgain={t('service.tryAgain')} onRetry={reload} />;
  if (!thread) return <p class="hint">{t('service.loading')}</p>;
  const { conversation, messages } = thread;
  const closed = conversation.status === 'closed';
  const until = conversation.reply_until && Date.parse(conversation.reply_until);
  const when = new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'short', timeStyle: 'short' });

  /** Sends a text or a product card, said as sent or refused, the thread read again either way. */
  async function deliver(content: ReplyCreate, sent: () => void) {
    if (sending) return;
    setSending(true);
    try {
      await sendReply(id, content);
      sent();
    } catch (failure) {
      say({ text: serviceRefusal(failure), error: true });
    } finally {
      setSending(false);
      reload();
      onChanged();
    }
  }

  function send(e: Event) {
    e.preventDefault();
    if (!text.trim()) return;
    deliver({ text: text.trim() }, () => {
      setText('');
      say({ text: t('service.sent') });
    });
  }

  async function closeOrReopen() {
    try {
      await setClosed(id, !closed);
      say({ text: t(closed ? 'service.reopened' : 'service.closed') });
    } catch (failure) {
      say({ text: serviceRefusal(failure), error: true });
    }
    reload();
    onChanged();
  }

  return (
    <div class="thread">
      <div class="thread-head">
        <a class="back" href="#/service">
          {t('service.back')}
        </a>
        <h2>{shopperName(conversation.shopper)}</h2>
        <span class={`badge service-${conversation.status}`}>{statusLabel(conversation.status)}</span>
        <span class="muted">{storeName(conversation.store_id)}</span>
        {conversation.shopper.membership_id && (
          <a href={`#/members/${conversation.shopper.membership_id}`}>{t('service.openMember')}</a>
        )}
        <button type="button" class="small" onClick={closeOrReopen}>
          {closed ? t('service.reopen') : t('service.close')}
        </button>
      </div>
      <ol class="messages" data-test="messages">
        {messages.map((m) => (
          <li key={m.id} class={`message from-${m.author}${m.delivery === 'failed' ? ' failed' : ''}`}>
            <small class="muted">
              {m.author === 'staff'
                ? (m.staff_name ?? t('service.you'))
                : m.author === 'auto'
                  ? t('service.auto')
                  : ''}{' '}
              {when.format(new Date(m.created_at))}
            </small>
            <MessageBody message={m} conversation={conversation} />
            {m.delivery === 'failed' && (
              <small class="error">{t('service.notSent', { why: undeliveredReason(m) })}</small>
            )}
            {m.delivery === 'sending' && <small class="muted">{t('service.sending')}</small>}
          </li>
        ))}
      </ol>
      <div ref={end} />
      {closed ? (
        <p class="hint">{t('service.isClosed')}</p>
      ) : (
        <>
          {/* Above the reply box, which a phone keeps at the bottom of the screen. */}
          <SendProduct
            conversation={conversation}
            stores={stores}
            sending={sending}
            onSend={(sku_id, store_id) =>
              deliver({ sku_id, ...(store_id ? { store_id } : {}) }, () =>
                say({ text: t('service.productSent') }),
              )
            }
          />
          <form class="reply" onSubmit={send}>
            {until && (
              <p class={until < Date.now() ? 'warning' : 'hint'}>
                {until < Date.now()
                  ? t('service.windowPast')
                  : t('service.window', { time: when.format(new Date(until)) })}
              </p>
            )}
            {saved.length > 0 && (
              <label>
                {t('service.quick')}{' '}
                <select
                  value=""
                  onChange={(e) => {
                    const picked = saved.find((q) => q.id === (e.target as HTMLSelectElement).value);
                    if (picked) setText(picked.body);
                  }}
                >
                  <option value="">{t('service.quickPick')}</option>
                  {saved.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t('service.reply')}
              <textarea
                rows={3}
                maxLength={1000}
                placeholder={t('service.replyPlaceholder')}
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              />
            </label>
            <button type="submit" class="primary" disabled={sending || !text.trim()}>
              {sending ? t('service.sending') : t('service.send')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
