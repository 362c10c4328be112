/**
 * The server's refusals a shopper can meet in the mini-program's flows, in Chinese, by code (the
 * server words them in English: its message is shown as is in English, and for a code not here).
 * Codes: commerce/errors.ts (orders, stock, coupons), commerce/payments/errors.ts, members/ (cards,
 * referrals, address book, WeChat login and phone), venues/errors.ts (the walk to a product),
 * commerce/appointments/errors.ts (booking and cancelling), server/errors.ts.
 */
export const REFUSALS_ZH_CN: Record<string, string> = {
  SS_ERR_STOCK_INSUFFICIENT: '商品库存不足，请减少数量或换一件商品。',
  SS_ERR_STOCK_CAPACITY: '商品数量超出上限，请减少数量。',
  SS_ERR_ITEM_UNAVAILABLE: '购物车里有本店不售卖的商品，请移除后再下单。',
  SS_ERR_SERVICE_NOT_OFFERED: '该门店不提供这种收货方式，请换一种。',
  SS_ERR_NO_DELIVERY_STORE: '暂无门店能配送到这个地址（超出配送范围或商品缺货）。',
  SS_ERR_ORDER_TRANSITION: '订单状态已变化，无法进行此操作，请刷新后查看。',
  SS_ERR_ORDER_EXPIRED: '订单未在规定时间内支付，已自动取消，请重新下单。',
  SS_ERR_IDEMPOTENCY_KEY_REUSED: '这笔订单已经提交过了，请到“订单”中查看。',
  SS_ERR_BARCODE_INVALID: '无法识别这个条形码。',
  SS_ERR_COUPON_UNKNOWN: '没有找到这张优惠券。',
  SS_ERR_COUPON_REFUSED: '这张优惠券不能用于本单（可能已使用、已过期或未达到使用门槛）。',
  SS_ERR_WECHATPAY: '微信支付出错了，请稍后重试。',
  SS_ERR_WECHATPAY_UNAVAILABLE: '微信支付暂时不可用，请稍后重试。',
  SS_ERR_MEMBER_CARD_IN_USE: '您的小程序会员账户已有积分或消费记录，请到门店柜台由店员为您合并会员卡。',
  SS_ERR_MEMBER_TAKEN: '该手机号或会员卡已被其他会员使用。',
  SS_ERR_REFERRAL_CLOSED: '邀请好友活动暂未开放。',
  SS_ERR_REFERRAL_REFUSED: '邀请码仅限首次下单前的新会员使用一次。',
  SS_ERR_ADDRESS_BOOK_FULL: '最多保存20个收货地址，请删除不用的地址后再添加。',
  SS_ERR_WECHAT_LOGIN: '微信登录失败，请重新进入小程序。',
  SS_ERR_WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后重试。',
  SS_ERR_WECHAT_PHONE_CODE: '未能验证您的手机号，请重试。',
  SS_ERR_ROUTE_NONE: '暂时无法规划到那里的路线。',
  SS_ERR_ROUTE_PLACE_BLOCKED: '无法从您当前的位置规划路线，请走到通道上再试。',
  SS_ERR_SLOT_FULL: '该时段已约满，请选择其他时间。',
  SS_ERR_ALREADY_BOOKED: '您已预约了这个时段。',
  SS_ERR_CANCEL_TOO_LATE: '已过线上取消的时限，请致电门店取消。',
  SS_ERR_BOOKING_STATUS: '预约状态已变化，无法进行此操作，请刷新后查看。',
  SS_ERR_VALIDATION: '填写的信息有误，请检查后重试。',
  SS_ERR_NOT_FOUND: '没有找到相关信息，请核对后重试。',
  SS_ERR_UNAUTHORIZED: '登录已失效，请重新进入小程序。',
  SS_ERR_FORBIDDEN: '您无权进行此操作。',
  SS_ERR_INTERNAL: '服务器开小差了，请稍后重试。',
};

/** SS_ERR_VALIDATION names the field: what to fix, for the fields the shopper types. */
export const FIELDS_ZH_CN: Record<string, string> = {
  'delivery.address': '请填写收货地址。',
  'delivery.contact_name': '请填写收货人姓名。',
  'delivery.phone': '请填写正确的手机号。',
  contact_name: '请填写收货人姓名。',
  phone: '请填写正确的手机号。',
  address: '请填写收货地址，不超过439个字。',
  name: '姓名最多40个字，不能含有换行等特殊字符。',
  door: '门牌号最多60个字。',
  member_no: '请填写正确的会员卡号。',
  note: '备注最多200个字。',
};
