/**
 * Customer service's calls to the server (service/routes.ts) and how the inbox words what they
 * answer. Shapes come from the server's own schemas.
 */
import type {
  Conversation,
  ConversationStatus,
  Message,
  QuickReply,
  QuickReplyCreate,
  QuickReplyUpdate,
  ReplyCreate,
  ServiceSettings,
  ServiceSettingsSet,
  UnreadCount,
  WaitingCount,
} from '../../service/schemas.js';
import { ApiFailure, api } from './api';
import { type TextKey, t } from './i18n';
import { refusalOf } from './refusals';

export type { Conversation, ConversationStatus, Message, QuickReply, ReplyCreate, ServiceSettings };

/** How many conversations a page of the list shows. */
export const CONVERSATIONS_PAGE = 30;
/** How often the inbox and the open conversation are read again while the live line is down. */
const REFRESH_MS = 4000;
/** The inbox's live line (GET /service/live), and how often screens still read while it is up. */
export const LIVE_LINE = '/service/live';
const LIVE_REFRESH_MS = 60_000;
/** How often a screen reads its conversations: often while the line is down, seldom while it is up. */
export const readEvery = (live: boolean) => (live ? LIVE_REFRESH_MS : REFRESH_MS);

/** 'active' (open, waiting, answered), a status, or '' for all; a store id, 'none' (brand-level) or '' for all. */
export interface InboxFilter {
  status: 'active' | ConversationStatus | '';
  store: string;
}

export function listConversations(filter: InboxFilter, before?: string): Promise<Conversation[]> {
  const query = new URLSearchParams({ limit: String(CONVERSATIONS_PAGE) });
  if (filter.status) query.set('status', filter.status);
  if (filter.store) query.set('store_id', filter.store);
  if (before) query.set('before', before);
  return api.get<Conversation[]>(`/service/conversations?${query}`);
}

export type { WaitingCount };

/** How many wait for an answer at a store and brand-wide, and since when the longest has (its last message). */
export const waitingAt = (storeId: string) =>
  api.get<WaitingCount>(`/service/waiting?store_id=${encodeURIComponent(storeId)}`);

export const conversationThread = (id: string) =>
  api.get<{ conversation: Conversation; messages: Message[] }>(`/service/conversations/${id}`);

export async function markRead(id: string): Promise<Conversation> {
  const read = await api.send<Conversation>('POST', `/service/conversations/${id}/read`, {});
  unreadChanged();
  return read;
}

/** A text, or a product sent as a card (store_id: the page's store, for a brand-level conversation). */
export const sendReply = (id: string, content: ReplyCreate) =>
  api.send<Message>('POST', `/service/conversations/${id}/replies`, content);

export const setClosed = (id: string, closed: boolean) =>
  api.send<Conversation>('POST', `/service/conversations/${id}/${closed ? 'close' : 'reopen'}`, {});

export const unreadCount = () => api.get<UnreadCount>('/service/unread');

/** Who shows the unread count (the header), told when staff read or answer a conversation. */
const unreadWatchers = new Set<() => void>();
export function watchUnread(read: () => void): () => void {
  unreadWatchers.add(read);
  return () => unreadWatchers.delete(read);
}
export const unreadChanged = () => {
  for (const read of unreadWatchers) read();
};

export const quickReplies = () => api.get<QuickReply[]>('/service/quick-replies');
export const createQuickReply = (q: QuickReplyCreate) =>
  api.send<QuickReply>('POST', '/service/quick-replies', q);
export const updateQuickReply = (id: string, q: QuickReplyUpdate) =>
  api.send<QuickReply>('PATCH', `/service/quick-replies/${id}`, q);
export const deleteQuickReply = (id: string) =>
  api.send<void>('DELETE', `/service/quick-replies/${id}`, undefined);

export const pushSettings = () => api.get<ServiceSettings>('/service/settings');
export const savePushSettings = (settings: ServiceSettingsSet) =>
  api.send<ServiceSettings>('PUT', '/service/settings', settings);

/** WeChat's refusals of a reply, as staff are to read them in their language. */
const REFUSALS: Record<string, TextKey> = {
  SS_ERR_SERVICE_REPLY_TOO_LATE: 'service.refused.tooLate',
  SS_ERR_SERVICE_REPLY_LIMIT: 'service.refused.limit',
  SS_ERR_SERVICE_NO_MINIPROGRAM: 'service.refused.noApp',
  SS_ERR_SERVICE_CONVERSATION_CLOSED: 'service.refused.closed',
  SS_ERR_SERVICE_REPLY_REFUSED: 'service.refused.wechat',
};

/** A refusal of the inbox's calls, in the staff member's language. */
export function serviceRefusal(error: unknown): string {
  const key = error instanceof ApiFailure ? REFUSALS[error.body.code] : undefined;
  return key ? t(key) : refusalOf(error).message;
}

/** Why a kept reply was not sent, from what WeChat answered. */
export function undeliveredReason(message: Pick<Message, 'errcode' | 'errmsg'>): string {
  if (message.errcode === 45015) return t('service.refused.tooLate');
  if (message.errcode === 45047) return t('service.refused.limit');
  if (message.errcode === null) return t('service.refused.noApp');
  return `${message.errcode}: ${message.errmsg ?? ''}`;
}

/** The shopper as staff name them: member number and phone's last four, never their openid. */
export function shopperName(shopper: Conversation['shopper']): string {
  if (!shopper.member_no) return t('service.notMember');
  const tail = shopper.phone_tail ? ` · ${t('service.phoneTail', { tail: shopper.phone_tail })}` : '';
  return `${t('service.member', { no: shopper.member_no })}${tail}`;
}

export const statusLabel = (status: ConversationStatus) => t(`service.status.${status}`);
