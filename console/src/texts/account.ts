/** The texts of the header's Change password (own-password.tsx), in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const accountEn = {
  'account.changePassword': 'Change password',
  'account.title': 'Change your password',
  'account.current': 'Current password',
  'account.new': 'New password',
  'account.repeat': 'New password again',
  'account.hint': 'At least 8 characters. Wherever else you are signed in, you will have to sign in again.',
  'account.mismatch': 'The two new passwords differ: type the same one twice',
  'account.cancel': 'Cancel',
  'account.save': 'Change it',
  'account.changed': 'Password changed',
} satisfies Record<string, string>;

export const accountZhCN: Record<keyof typeof accountEn, string> = {
  'account.changePassword': '修改密码',
  'account.title': '修改你的密码',
  'account.current': '当前密码',
  'account.new': '新密码',
  'account.repeat': '再次输入新密码',
  'account.hint': '至少 8 个字符。修改后，你在其他地方的登录需要重新登录。',
  'account.mismatch': '两次输入的新密码不一致，请输入相同的密码',
  'account.cancel': '取消',
  'account.save': '确认修改',
  'account.changed': '密码已修改',
};
