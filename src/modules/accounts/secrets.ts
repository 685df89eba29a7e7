import { createHash, randomBytes } from 'node:crypto';

/** A new unguessable secret (256 bits), URL- and cookie-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What we store instead of a session id or token: a leaked table yields nothing usable. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export const TOKEN_PREFIX = 'tqa_';

/** A personal access token: a recognisable prefix (for secret scanners) plus a secret. */
export function newAccessToken(): string {
  return `${TOKEN_PREFIX}${newSecret()}`;
}
