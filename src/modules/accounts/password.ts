import { hash, type Options, verify } from '@node-rs/argon2';
import type { PasswordHashCost } from '../../config.js';

// @node-rs/argon2's Algorithm is an ambient const enum, unusable under isolatedModules: 2 = Argon2id.
const ARGON2ID = 2;

const ARGON2_OPTIONS: Record<PasswordHashCost, Options> = {
  /** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
  standard: { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 },
  /** Tests only (config refuses it elsewhere): the smallest cost argon2 accepts, ~100x cheaper. */
  test: { algorithm: ARGON2ID, memoryCost: 64, timeCost: 1, parallelism: 1 },
};

/** A new argon2id hash of the password at the configured cost (the cost is stored in the hash). */
export function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  return hash(password, ARGON2_OPTIONS[cost]);
}

const dummyHashes = new Map<PasswordHashCost, Promise<string>>();

/**
 * Checks a password against a stored hash. With no hash (unknown account) it still spends the
 * same time on a dummy hash, so response time does not tell which accounts exist.
 */
export async function verifyPassword(
  storedHash: string | undefined,
  password: string,
  cost: PasswordHashCost,
): Promise<boolean> {
  if (storedHash === undefined) {
    let dummyHash = dummyHashes.get(cost);
    if (!dummyHash) {
      dummyHash = hashPassword('not-a-real-password-just-equal-work', cost);
      dummyHashes.set(cost, dummyHash);
    }
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
