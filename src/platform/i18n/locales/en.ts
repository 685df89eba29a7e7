/**
 * The English catalogue: the source of every message key. Keys are dotted, grouped by area;
 * error codes (`user.not_found`) are keys too, so an error's code is its translation key.
 * Parameters are named: `{min}`.
 */
import { accountsEn } from './en/accounts.js';
import { bountiesEn } from './en/bounties.js';
import { expertsEn } from './en/experts.js';
import { moderationEn } from './en/moderation.js';
import { moneyEn } from './en/money.js';
import { paymentsEn } from './en/payments.js';
import { questionsEn } from './en/questions.js';
import { reputationEn } from './en/reputation.js';
import { searchEn } from './en/search.js';
import { statementEn } from './en/statement.js';
import { walletEn } from './en/wallet.js';
export const en = {
  ...accountsEn,
  ...questionsEn,
  ...searchEn,
  ...moneyEn,
  ...paymentsEn,
  ...walletEn,
  ...expertsEn,
  ...bountiesEn,
  ...statementEn,
  ...reputationEn,
  ...moderationEn,
  'app.name': 'TechQ&A',
  'app.tagline': 'Ask, answer and share technical knowledge',
  'app.footer': 'TechQ&A: questions, answers and paid knowledge for programmers.',
  'nav.questions': 'Questions',
  'nav.tags': 'Tags',
  'nav.users': 'Users',
  'nav.login': 'Log in',
  'nav.register': 'Sign up',
  'nav.logout': 'Log out',
  'nav.settings': 'Settings',
  'nav.profile': 'Profile',
  'nav.api_docs': 'API',
  'nav.staff': 'Staff',
  'nav.role_admin': 'Admin',
  'nav.role_moderator': 'Moderator',
  'nav.admin_finance': 'Finance',
  'nav.admin_payouts': 'Payouts to review',
  'nav.disputes': 'Disputes',
  'nav.language': 'Language',
  'nav.skip_to_content': 'Skip to content',
  'lang.en': 'English',
  'lang.zh-CN': '简体中文',

  'auth.register.title': 'Create your account',
  'auth.register.submit': 'Sign up',
  'auth.register.have_account': 'Already have an account?',
  'auth.login.title': 'Log in',
  'auth.login.submit': 'Log in',
  'auth.login.no_account': 'New to TechQ&A?',
  'auth.logout.submit': 'Log out',
  'auth.field.username': 'Username',
  'auth.field.username_help': '2–30 letters (any script), digits, "_", "-" or ".".',
  'auth.field.email': 'E-mail',
  'auth.field.password': 'Password',
  'auth.field.password_help':
    'At least 8 characters, not a common password and not made from your name or e-mail. A few unrelated words work well.',
  'auth.field.login': 'Username or e-mail',
  'auth.field.display_name': 'Display name',
  'auth.field.current_password': 'Current password',
  'auth.field.new_password': 'New password',

  'settings.title': 'Settings',
  'settings.profile': 'Profile',
  'settings.profile.save': 'Save profile',
  'settings.profile.saved': 'Your profile was saved.',
  'settings.password': 'Change password',
  'settings.password.save': 'Change password',
  'settings.password.changed':
    'Your password was changed. Other sessions were signed out and every access token was revoked.',
  'settings.tokens': 'Personal access tokens',
  'settings.tokens.help':
    'A token lets a script use the API as you: send it as "Authorization: Bearer <token>".',
  'settings.tokens.name': 'Token name',
  'settings.tokens.create': 'Create token',
  'settings.tokens.created': 'Copy your new token now. It will not be shown again.',
  'settings.tokens.none': 'You have no tokens.',
  'settings.tokens.revoke': 'Revoke',
  'settings.tokens.revoked': 'The token was revoked.',
  'settings.tokens.created_at': 'Created',
  'settings.tokens.last_used': 'Last used',
  'settings.tokens.never_used': 'Never',

  'user.reputation': 'Reputation',
  'user.member_since': 'Member since {date}',
  'user.role.user': 'Member',
  'user.role.moderator': 'Moderator',
  'user.role.admin': 'Administrator',

  'error.title': 'Something went wrong',
  'error.back_home': 'Back to the home page',
  'error.status': 'Error {status}',

  'request.malformed': 'The request could not be read.',
  'request.malformed_json': 'The request body is not valid JSON.',
  'request.invalid': 'Some fields are not valid.',
  'request.too_large': 'The request is too large.',
  'request.unsupported_media_type': 'This content type is not supported.',
  'route.not_found': 'There is nothing at this address.',
  'server.internal': 'Something went wrong on our side. Please try again.',
  'server.unavailable': 'The service is temporarily unavailable.',
  'rate.limited': 'Too many attempts. Try again in {seconds} seconds.',

  'auth.required': 'You need to log in first.',
  'auth.invalid_credentials': 'That login and password do not match an account.',
  'auth.csrf_invalid': 'Your form expired or came from another site. Reload the page and try again.',
  'auth.wrong_password': 'The current password is not correct.',
  'auth.forbidden': 'You are not allowed to do that.',
  'user.not_found': 'No such user.',
  'user.username_taken': 'That username is taken.',
  'user.email_taken': 'An account with that e-mail already exists.',
  'token.not_found': 'No such token.',

  'validation.required': 'This field is required.',
  'validation.too_short': 'Must be at least {min} characters.',
  'validation.too_long': 'Must be at most {max} characters.',
  'validation.invalid': 'This value is not valid.',
  'validation.wrong_type': 'This value has the wrong type.',
  'validation.control_chars': 'Must not contain control characters.',
  'validation.control_chars_removed':
    'Held invisible control characters; they have been taken out. Check the text and send it again.',
  'validation.username_chars': 'Use letters, digits, "_", "-" or "." only, starting with a letter or digit.',
  'validation.email': 'Enter a valid e-mail address.',
  'validation.password_same_as_username': 'The password must not be your username.',
  'validation.unknown_field': 'Unknown field.',
} as const;

export type MessageKey = keyof typeof en;
