/**
 * The console's refusals in Chinese keep what the server said: each refusal is made by the server's own
 * error maker (so a change of its wording fails here) and read by the console's refusalOf, outside a
 * browser: i18n.ts needs only localStorage, navigator and <html> of the DOM, stubbed here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BookingStatusRefused } from '../commerce/appointments/errors.js';
import {
  OrderTransitionRefused,
  PickupCodeUnknown,
  StockCapacityExceeded,
  StockInsufficient,
} from '../commerce/errors.js';
import { NotRefundable, RefundTooLarge } from '../commerce/payments/errors.js';
import { STOCK_MAX_UNITS } from '../commerce/stock/movements.js';
import { MemberTaken, PointsInsufficient, TierTaken, TierUnknown } from '../members/errors.js';
import { Forbidden, NotFound, type SmartStoreError, Validation } from '../server/errors.js';
import { LoginFailed, PasswordUnchanged, PasswordWrong, TooManyWrongPasswords } from '../tenancy/errors.js';

interface Console {
  refusalOf(error: unknown): { message: string; field?: string | undefined };
  ApiFailure: new (status: number, body: { code: string; message: string; field?: string }) => Error;
  setLanguage(language: 'en' | 'zh-CN'): void;
}
let ui: Console;

beforeAll(async () => {
  vi.stubGlobal('localStorage', { getItem: () => 'zh-CN', setItem: () => {} });
  vi.stubGlobal('navigator', { language: 'en-US' });
  vi.stubGlobal('document', { documentElement: {} });
  // By a path tsc does not follow: the console's modules are typed for the browser (console/tsconfig.json).
  const load = (module: string) => import(`../console/src/${module}.ts`);
  const [refusals, api, i18n] = await Promise.all([load('refusals'), load('api'), load('i18n')]);
  ui = { refusalOf: refusals.refusalOf, ApiFailure: api.ApiFailure, setLanguage: i18n.setLanguage };
  // Said, not left to the stubs: another file of this worker may have loaded i18n.ts first (isolate: false).
  ui.setLanguage('zh-CN');
});

afterAll(() => {
  vi.unstubAllGlobals();
});

/** The console's message for the server's refusal, as the API sends it. */
const said = (error: SmartStoreError) =>
  ui.refusalOf(
    new ui.ApiFailure(error.statusCode, {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    }),
  );

describe('refusalOf in Chinese', () => {
  it('says short stock with the SKU, the store and the figures the server gave', () => {
    const short = StockInsufficient('DRY-005', 'SH001', { on_hand: 10, reserved: 3, change: -12 });
    expect(said(short)).toEqual({
      code: 'SS_ERR_STOCK_INSUFFICIENT',
      field: 'lines',
      message: '库存不足：SH001 的 DRY-005 可用 7，需要扣减 12（在库 10，其中 3 件被未支付订单占用）',
    });
    // A hold refused gives no figures: said plainly.
    expect(said(StockInsufficient('sku-id', 'store-id')).message).toBe('库存不足');
  });

  it('keeps the figures and states of the other refusals that carry them', () => {
    expect(said(StockCapacityExceeded('sku-id', 'store-id', STOCK_MAX_UNITS)).message).toBe(
      `超出门店可存放的最大数量（${STOCK_MAX_UNITS} 件）`,
    );
    expect(said(RefundTooLarge(5000, 1234)).message).toBe('退款金额 50.00 元 超过可退金额 12.34 元');
    expect(said(NotRefundable('it is refunded')).message).toBe('该订单已退款，不能退款');
    expect(said(NotRefundable('it was not paid with WeChat Pay')).message).toBe('该订单不能退款');
    expect(said(OrderTransitionRefused('refunded', 'preparing')).message).toBe(
      '订单已是“已退款”，不能再改为“备货中”',
    );
    expect(said(BookingStatusRefused('cancelled', 'checked in')).message).toBe(
      '该预约已是“已取消”，不能再进行此操作',
    );
    expect(said(BookingStatusRefused('not started yet', 'marked a no-show')).message).toBe(
      '该预约当前状态不能进行此操作',
    );
    expect(said(Forbidden('This needs one of the roles: brand_admin, store_manager')).message).toBe(
      '此操作需要以下角色之一：品牌管理员、店长',
    );
    expect(said(Forbidden('You do not work at this store')).message).toBe(
      '您不在该门店工作，无权查看或操作它的数据',
    );
    expect(said(NotFound('Order')).message).toBe('找不到该订单');
    expect(said(NotFound('Calibration session')).message).toBe('找不到该记录');
    expect(said(PickupCodeUnknown()).message).toBe('本店没有这个取货码的待取订单');
    expect(said(Forbidden('Refunds are for store managers and brand admins')).message).toBe(
      '退款须由店长或品牌管理员操作',
    );
    expect(said(LoginFailed()).message).toBe('邮箱或密码不正确');
    expect(said(TooManyWrongPasswords(15))).toEqual({
      code: 'SS_ERR_TOO_MANY_ATTEMPTS',
      field: 'password',
      message: '密码错误次数过多，请 15 分钟后再试',
    });
    expect(said(TooManyWrongPasswords(1)).message).toBe('密码错误次数过多，请 1 分钟后再试');
  });

  it("says the members' refusals with the balance, the tier or what another member has", () => {
    expect(said(PointsInsufficient(350, -10_000))).toEqual({
      code: 'SS_ERR_POINTS_INSUFFICIENT',
      field: 'points',
      message: '会员只有 350 积分，不能扣减 10000',
    });
    expect(said(TierTaken('code')).message).toBe('已有代码相同的会员等级');
    expect(said(TierTaken('rank'))).toMatchObject({ field: 'rank', message: '已有相同级别的会员等级' });
    expect(said(TierUnknown('bronze', 'assigned_tier'))).toMatchObject({
      field: 'assigned_tier',
      message: '会员等级中没有 bronze',
    });
    expect(said(MemberTaken('phone')).message).toBe('本品牌的另一位会员已在使用该手机号');
    expect(said(MemberTaken('member_no')).message).toBe('本品牌的另一位会员已在使用该会员号');
    expect(said(NotFound('Member')).message).toBe('找不到该会员');
    expect(said(NotFound('Tier')).message).toBe('找不到该会员等级');
  });

  it("says a staff member's own password refused, naming the field", () => {
    expect(said(PasswordWrong())).toEqual({
      code: 'SS_ERR_PASSWORD_WRONG',
      field: 'current_password',
      message: '当前密码不正确',
    });
    expect(said(PasswordUnchanged())).toMatchObject({
      field: 'new_password',
      message: '新密码不能与当前密码相同',
    });
  });

  it("says a field's problem as the server's checks word it, the field named as the API does", () => {
    const field = (problem: string) => said(Validation('secret', problem));
    expect(field('must be at least 8 characters long')).toEqual({
      code: 'SS_ERR_VALIDATION',
      field: 'secret',
      message: 'secret 至少 8 个字符',
    });
    expect(field('is required').message).toBe('secret 必填');
    expect(field('must match pattern "^wx[0-9A-Za-z_]{4,40}$"').message).toBe('secret 格式不正确');
    expect(field('must be one of: pickup, delivery').message).toBe('secret 须为以下之一：pickup, delivery');
    // A problem worded for its field alone stays the server's.
    expect(field('is not a phone number').message).toBe('secret is not a phone number');
  });

  it("is the server's own message in English, and for a code it does not know", () => {
    expect(said(Forbidden('Demo payment is off')).message).toBe('您没有此操作的权限');
    const unknown = new ui.ApiFailure(409, { code: 'SS_ERR_SKU_TAKEN', message: 'This brand already has…' });
    expect(ui.refusalOf(unknown).message).toBe('This brand already has…');
    ui.setLanguage('en');
    const short = StockInsufficient('DRY-005', 'SH001', { on_hand: 10, reserved: 3, change: -12 });
    expect(said(short).message).toBe(short.message);
    ui.setLanguage('zh-CN');
  });
});
