import type { accountsEn } from '../en/accounts.js';

/** 账户安全相关文案：访问令牌的权限范围与有效期、密码强度、形近用户名。与 en/accounts.ts 一一对应。 */
export const accountsZhCN: Record<keyof typeof accountsEn, string> = {
  'token.scope': '此访问令牌无权执行该操作：它缺少此请求所需的权限范围。',
  'settings.tokens.scopes': '权限',
  'settings.tokens.scopes_help':
    '所有令牌都可读取。动用资金（充值、提现、悬赏、付费提问、解锁）需要“动用资金”权限。',
  'settings.tokens.scope.read': '读取',
  'settings.tokens.scope.write': '写入',
  'settings.tokens.scope.money': '动用资金',
  'settings.tokens.expires': '有效期',
  'settings.tokens.expires_never': '永不过期',
  'settings.tokens.expires_in_days': '{days} 天后过期',
  'settings.tokens.expired': '已过期',
  'password.too_common': '这是最常见的密码之一，请换一个别人想不到的。',
  'password.contains_personal': '密码不能由你的用户名、名字或邮箱构成。',
  'password.predictable': '重复字符、顺序字符（abc、123）和键盘连续键很容易被猜到。',
  'password.too_guessable': '这个密码很容易被猜到。几个互不相关的词就能组成强密码。',
  'user.username_confusable': '该用户名与已有成员的用户名形近，请换一个不会被混淆的。',
  'user.display_name_confusable': '该显示名称与其他成员的用户名形近。',
  'profile.edit': '编辑资料',
  'profile.tabs.label': '个人主页栏目',
  'profile.tab.empty': '这里还没有内容。',
  'user.time_zone_unknown': '无法识别这个时区。请填写 IANA 时区名，例如 Asia/Shanghai 或 America/New_York。',
  'settings.time_zone': '时区',
  'settings.time_zone.field': '时区（IANA 名称）',
  'settings.time_zone.help':
    '例如 Asia/Shanghai 或 America/New_York。留空则跟随浏览器的时区；浏览器未提供时，中文页面使用 {zone}。',
  'settings.time_zone.current': '时间按 {zone} 显示，当地现在是 {time}。',
  'settings.time_zone.save': '保存时区',
  'settings.time_zone.saved': '时区已保存。',
  'settings.time_zone.use_browser': '使用浏览器的时区（{zone}）',
};
