/**
 * Messages of account security: access-token scopes and expiry, password strength, look-alike
 * names; the time zone setting. Keys are dotted; error codes are keys too. zh-CN/accounts.ts mirrors this file.
 */
export const accountsEn = {
  'token.scope': 'This access token is not allowed to do that: it lacks the scope this request needs.',
  'settings.tokens.scopes': 'Allows',
  'settings.tokens.scopes_help':
    'Every token can read. Moving money (top-ups, payouts, bounties, paid questions, unlocks) needs "Move money".',
  'settings.tokens.scope.read': 'Read',
  'settings.tokens.scope.write': 'Write',
  'settings.tokens.scope.money': 'Move money',
  'settings.tokens.expires': 'Expires',
  'settings.tokens.expires_never': 'Never',
  'settings.tokens.expires_in_days': 'In {days} days',
  'settings.tokens.expired': 'Expired',
  'password.too_common': 'This is one of the most common passwords; pick something others would not.',
  'password.contains_personal': 'Do not build the password from your username, name or e-mail.',
  'password.predictable': 'Repeated characters, sequences (abc, 123) and keyboard rows are quickly guessed.',
  'password.too_guessable': 'This password is quickly guessed. A few unrelated words make a strong one.',
  'user.username_confusable':
    'That username looks like an existing member’s. Choose one that cannot be mistaken for it.',
  'user.display_name_confusable': 'That display name looks like another member’s username.',
  'profile.edit': 'Edit profile',
  'profile.tabs.label': 'Profile sections',
  'profile.tab.empty': 'Nothing to show here yet.',
  'user.time_zone_unknown':
    'That is not a time zone we know. Use an IANA name such as Asia/Shanghai or America/New_York.',
  'settings.time_zone': 'Time zone',
  'settings.time_zone.field': 'Time zone (IANA name)',
  'settings.time_zone.help':
    'For example Asia/Shanghai or America/New_York. Leave it empty to follow your browser; without one, English pages use {zone}.',
  'settings.time_zone.current': 'Times are shown in {zone}, where it is {time} now.',
  'settings.time_zone.save': 'Save time zone',
  'settings.time_zone.saved': 'Your time zone was saved.',
  'settings.time_zone.use_browser': 'Use my browser’s zone ({zone})',
} as const;
