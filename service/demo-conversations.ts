/**
 * The demo's customer-service inbox on a fresh start: three shoppers' conversations, so the console's
 * Customer service opens on work rather than on nothing. One asks about their order at SH001's desk
 * (entered from the order, its card, a question), one asks the brand a question, one was answered by
 * SH001's clerk. Written as WeChat's pushes are kept (each by its own key, so seeding again adds
 * nothing) and as a reply is stored; nothing is sent to WeChat.
 */
import { listOrders } from '../commerce/index.js';
import type { Tx } from '../db/index.js';
import { ensureMembership, shopperOpenid } from '../members/index.js';
import { listStaff } from '../tenancy/index.js';
import { answered } from './conversations.js';
import { addMessage, settleMessage } from './messages.js';
import type { ShopperEvent } from './push.js';
import { keepPush } from './receive.js';

const CLERK = 'clerk.sh001@freshmart.demo';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

export async function seedDemoConversations(tx: Tx, tenantId: string, sh001: string): Promise<string[]> {
  const created: string[] = [];
  const say = async (openid: string, key: string, minutes: number, event: ShopperEvent) => {
    const kept = await keepPush(tx, tenantId, { openid, at: minutesAgo(minutes), key: `demo:${key}`, event });
    if (kept) await ensureMembership(tx, tenantId, kept.shopperId);
    return kept;
  };

  // A shopper with an order at SH001's desk asks about it from the order page.
  const [deskOrder] = (await listOrders(tx, { store_id: sh001, limit: 20 })).filter((o) => o.shopper_id);
  const openid = deskOrder && (await shopperOpenid(tx, deskOrder.shopper_id!));
  if (deskOrder && openid) {
    const orderId = deskOrder.id;
    const title = `#${orderId.slice(0, 8).toUpperCase()}`;
    await say(openid, 'desk-entered', 6, { kind: 'entered', orderId });
    await say(openid, 'desk-card', 5, {
      kind: 'card',
      title,
      pagePath: `pages/order/index?id=${orderId}`,
      thumbUrl: null,
      orderId,
    });
    if (await say(openid, 'desk-text', 5, { kind: 'text', text: '我的订单可以晚一点取吗？我大概八点到。' }))
      created.push(`service conversation about order ${title}`);
  }

  // A question for the brand, no store concerned.
  if (
    await say('demo_service_brand', 'brand-text', 12, {
      kind: 'text',
      text: '你们有会员日吗？会员日有什么优惠？',
    })
  )
    created.push('service conversation for the brand');

  // A question SH001's clerk has answered.
  const answeredBy = (await listStaff(tx)).find((s) => s.email === CLERK);
  const asked = await say('demo_service_oat', 'oat-text', 40, { kind: 'text', text: '请问燕麦奶还有货吗？' });
  if (asked && answeredBy) {
    const reply = await addMessage(tx, tenantId, asked.conversationId, {
      author: 'staff',
      kind: 'text',
      body: '有的，在冷柜第二层，欢迎光临！',
      staff_id: answeredBy.id,
    });
    await settleMessage(tx, reply.id, null);
    await answered(tx, asked.conversationId, answeredBy.id);
    created.push('service conversation answered by SH001');
  }
  return created;
}
