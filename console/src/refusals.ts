/**
 * The server's refusals as the console shows them. The server words them in English; the few that
 * staff meet daily on the desk and the stock screens are said in Chinese here, by code. Any other
 * refusal, or any in English, is the server's own message.
 */
import { ApiFailure, failureOf } from './api';
import { language } from './i18n';

const IN_CHINESE: Record<string, string> = {
  SS_ERR_PICKUP_CODE: '本店没有这个取货码的待取订单',
  SS_ERR_STOCK_INSUFFICIENT: '库存不足',
  SS_ERR_STOCK_CAPACITY: '超出门店可存放的最大数量',
  SS_ERR_NOT_REFUNDABLE: '该订单不能退款',
  SS_ERR_REFUND_TOO_LARGE: '退款金额超过可退金额',
  SS_ERR_ORDER_TRANSITION: '订单状态已变化，此操作不再适用',
  SS_ERR_SLOT_FULL: '该时段已约满，请选择其他时间',
  SS_ERR_BOOKING_STATUS: '该预约当前状态不能进行此操作',
  SS_ERR_FORBIDDEN: '您没有此操作的权限',
  SS_ERR_NOT_FOUND: '找不到该记录',
};

/** What went wrong, in the staff member's language where the code is a common one; the field when named. */
export function refusalOf(error: unknown): { message: string; field?: string | undefined } {
  const failure = failureOf(error);
  const chinese =
    language() === 'zh-CN' && error instanceof ApiFailure ? IN_CHINESE[error.body.code] : undefined;
  return chinese ? { ...failure, message: chinese } : failure;
}
