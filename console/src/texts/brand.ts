/** The texts of the brand's Mini-program form (brand.tsx), in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const brandEn = {
  'brand.serverApp':
    "Your shoppers use the server's mini-program. Set your own to have them sign in to your brand's app.",
  'brand.ownApp':
    'Your shoppers sign in to {appid}{reminder}{orders} (set {time}). The AppSecret is kept sealed and is not shown.',
  'brand.ownReminder': ', reminders use template {template}',
  'brand.ownOrders': ', order updates use template {template}',
  'brand.set': 'Set the mini-program',
  'brand.change': 'Change the mini-program',
  'brand.appid': 'AppID',
  'brand.secret': 'AppSecret',
  'brand.secretAgain': 'enter it again to change anything',
  'brand.reminderTemplate': 'Reminder template (optional)',
  'brand.orderTemplate': 'Order-status template (optional)',
  'brand.orderTemplateHint':
    'Ready to collect or out for delivery, refunds: shoppers are asked for it at checkout. Pick one whose fields are thing1 (what happened) and thing2 (the detail).',
  'brand.save': 'Save',
  'brand.useServers': "Use the server's instead",
  'brand.saved': "Saved: {brand}'s shoppers now use the mini-program {appid}.",
  'brand.removed': "{brand}'s shoppers use the server's mini-program again.",
  'brand.loading': 'Loading…',
  'brand.ready': 'Ready',
} satisfies Record<string, string>;

export const brandZhCN: Record<keyof typeof brandEn, string> = {
  'brand.serverApp': '您的顾客目前使用平台默认小程序。设置品牌自己的小程序后，顾客将登录您品牌的小程序。',
  'brand.ownApp':
    '您的顾客登录小程序 {appid}{reminder}{orders}（设置于 {time}）。AppSecret 已加密保存，不再显示。',
  'brand.ownReminder': '，预约提醒使用模板 {template}',
  'brand.ownOrders': '，订单状态通知使用模板 {template}',
  'brand.set': '设置小程序',
  'brand.change': '修改小程序',
  'brand.appid': 'AppID（小程序 ID）',
  'brand.secret': 'AppSecret（小程序密钥）',
  'brand.secretAgain': '修改任何一项都需重新填写',
  'brand.reminderTemplate': '预约提醒模板 ID（选填）',
  'brand.orderTemplate': '订单状态通知模板 ID（选填）',
  'brand.orderTemplateHint':
    '订单待取货或配送中、退款时通知顾客：顾客结算时会被询问是否订阅。请选择字段为 thing1（发生了什么）和 thing2（详情）的订阅消息模板。',
  'brand.save': '保存',
  'brand.useServers': '改用平台默认小程序',
  'brand.saved': '已保存：{brand} 的顾客现在使用小程序 {appid}。',
  'brand.removed': '{brand} 的顾客已改回使用平台默认小程序。',
  'brand.loading': '正在加载…',
  'brand.ready': '就绪',
};
