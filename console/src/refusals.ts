/**
 * The server's refusals as the console shows them. The server words them in English; the few that
 * staff meet daily on the desk, the stock, the members and the setup screens are said in Chinese
 * here, by code.
 * Where the server's message carries figures or names (which SKU, how many available, how much is
 * left to refund, what state the order is in), the Chinese keeps them: the body has only the
 * message, so they are read from its wording, that of the error makers in commerce/ and server/
 * (test/console-refusals.test.ts builds the refusals with those makers, so a change of wording
 * fails there). A message without them is said plainly. A field the server's checks refuse (required,
 * too short, not of its format) is named as the API names it, its problem in Chinese. Any other
 * refusal, or any in English, is the server's own message.
 */
import { ApiFailure, failureOf } from './api';
import { language, t } from './i18n';
import { en, type TextKey } from './texts/en';

/** Says the refusal in Chinese from the server's message; undefined leaves the server's own. */
type Saying = (message: string) => string | undefined;

/** `plain`, or `full` of the named groups `wording` finds in the server's message. */
const withFigures =
  (plain: string, wording: RegExp, full: (figures: Record<string, string>) => string): Saying =>
  (message) => {
    const figures = wording.exec(message)?.groups;
    return figures ? full(figures) : plain;
  };

/** A state the server names (`paid`, `checked_in`) in the console's words for it, or as it is. */
const named = (prefix: 'status' | 'booking' | 'role', state: string) => {
  const key = `${prefix}.${state}`;
  return key in en ? t(key as TextKey) : state;
};

const yuan = (fen: string) => `${(Number(fen) / 100).toFixed(2)} 元`;

/** What the server calls a thing it did not find, in the staff's words. */
const THINGS: Record<string, string> = {
  Store: '门店',
  Order: '订单',
  Booking: '预约',
  SKU: '商品',
  Product: '商品',
  Brand: '品牌',
  Counter: '柜台',
  Service: '服务',
  Member: '会员',
  Tier: '会员等级',
};

/** A field's problems as the server's checks word them (server/errors.ts), in Chinese. */
const PROBLEMS: [RegExp, (figure: string) => string][] = [
  [/^is required$/, () => '必填'],
  [/^must not be empty$/, () => '不能为空'],
  [/^must be at least (\d+) characters? long$/, (n) => `至少 ${n} 个字符`],
  [/^must be at most (\d+) characters? long$/, (n) => `最多 ${n} 个字符`],
  [/^must be at least (-?[\d.]+)$/, (n) => `不能小于 ${n}`],
  [/^must be at most (-?[\d.]+)$/, (n) => `不能大于 ${n}`],
  [/^must match pattern /, () => '格式不正确'],
  [/^must be one of: (.+)$/, (allowed) => `须为以下之一：${allowed}`],
];

/** `field problem` as the server says it (screens that show it beside its input drop the field), the problem in Chinese. */
const badField: Saying = (message) => {
  const [, field, problem] = /^(\S+) (.+)$/.exec(message) ?? [];
  for (const [wording, say] of PROBLEMS) {
    const found = problem && wording.exec(problem);
    if (found) return `${field} ${say(found[1] ?? '')}`;
  }
  return undefined;
};

const IN_CHINESE: Record<string, Saying> = {
  SS_ERR_VALIDATION: badField,
  SS_ERR_PICKUP_CODE: () => '本店没有这个取货码的待取订单',
  SS_ERR_STOCK_INSUFFICIENT: withFigures(
    '库存不足',
    /^Not enough stock of SKU (?<sku>.+?) in store (?<store>.+?): (?<onHand>\d+) on hand, (?<held>\d+) of them held for unpaid orders, .*\(this asked (?<change>-?\d+)\)$/,
    ({ sku, store, onHand, held, change }) =>
      `库存不足：${store} 的 ${sku} 可用 ${Number(onHand) - Number(held)}，需要扣减 ${-Number(change)}（在库 ${onHand}，其中 ${held} 件被未支付订单占用）`,
  ),
  SS_ERR_STOCK_CAPACITY: withFigures(
    '超出门店可存放的最大数量',
    /over the most a store can hold \((?<most>\d+) units\)$/,
    ({ most }) => `超出门店可存放的最大数量（${most} 件）`,
  ),
  SS_ERR_NOT_REFUNDABLE: withFigures(
    '该订单不能退款',
    /^This order cannot be refunded: it is (?<status>\w+)$/,
    ({ status }) => `该订单${named('status', status!)}，不能退款`,
  ),
  SS_ERR_REFUND_TOO_LARGE: withFigures(
    '退款金额超过可退金额',
    /^Refund of (?<asked>\d+) fen asked but only (?<left>\d+) fen are left to refund$/,
    ({ asked, left }) => `退款金额 ${yuan(asked!)} 超过可退金额 ${yuan(left!)}`,
  ),
  SS_ERR_ORDER_TRANSITION: withFigures(
    '订单状态已变化，此操作不再适用',
    /^An order that is (?<from>\w+) cannot become (?<to>\w+)$/,
    ({ from, to }) => `订单已是“${named('status', from!)}”，不能再改为“${named('status', to!)}”`,
  ),
  SS_ERR_SLOT_FULL: () => '该时段已约满，请选择其他时间',
  SS_ERR_PASSWORD_WRONG: () => '当前密码不正确',
  SS_ERR_LOGIN_FAILED: () => '邮箱或密码不正确',
  SS_ERR_TOO_MANY_ATTEMPTS: withFigures(
    '密码错误次数过多，请稍后再试',
    /try again in (?<minutes>\d+) minutes?$/,
    ({ minutes }) => `密码错误次数过多，请 ${minutes} 分钟后再试`,
  ),
  SS_ERR_PASSWORD_UNCHANGED: () => '新密码不能与当前密码相同',
  SS_ERR_BOOKING_STATUS: withFigures(
    '该预约当前状态不能进行此操作',
    /^A booking that is (?<status>booked|checked_in|no_show|cancelled) cannot be/,
    ({ status }) => `该预约已是“${named('booking', status!)}”，不能再进行此操作`,
  ),
  SS_ERR_FORBIDDEN: (message) => {
    const roles = /^This needs one of the roles: (?<roles>.+)$/.exec(message)?.groups?.roles;
    if (roles)
      return `此操作需要以下角色之一：${roles
        .split(', ')
        .map((role) => named('role', role))
        .join('、')}`;
    if (/^Refunds are for /.test(message)) return '退款须由店长或品牌管理员操作';
    return /own stores|this store/.test(message)
      ? '您不在该门店工作，无权查看或操作它的数据'
      : '您没有此操作的权限';
  },
  SS_ERR_POINTS_INSUFFICIENT: withFigures(
    '会员积分不足',
    /^The member has (?<balance>\d+) points; cannot take (?<take>\d+)$/,
    ({ balance, take }) => `会员只有 ${balance} 积分，不能扣减 ${take}`,
  ),
  SS_ERR_TIER_TAKEN: withFigures(
    '已有相同的会员等级',
    /already has a tier with this (?<what>code|rank)$/,
    ({ what }) => (what === 'code' ? '已有代码相同的会员等级' : '已有相同级别的会员等级'),
  ),
  SS_ERR_TIER_UNKNOWN: withFigures(
    '会员等级中没有该等级',
    /^The brand's ladder has no tier (?<code>\S+)$/,
    ({ code }) => `会员等级中没有 ${code}`,
  ),
  SS_ERR_MEMBER_TAKEN: withFigures(
    '本品牌的另一位会员已在使用',
    /has this (?<what>phone|member_no)$/,
    ({ what }) => `本品牌的另一位会员已在使用该${what === 'phone' ? '手机号' : '会员号'}`,
  ),
  SS_ERR_NOT_FOUND: withFigures('找不到该记录', /^(?<what>\w+) not found$/, ({ what }) =>
    THINGS[what!] ? `找不到该${THINGS[what!]}` : '找不到该记录',
  ),
};

/** What went wrong, in the staff member's language where the code is a common one; the field when named. */
export function refusalOf(error: unknown): { message: string; field?: string | undefined } {
  const failure = failureOf(error);
  const say = language() === 'zh-CN' && error instanceof ApiFailure ? IN_CHINESE[error.body.code] : undefined;
  const chinese = say?.(failure.message);
  return chinese ? { ...failure, message: chinese } : failure;
}
