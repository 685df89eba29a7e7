import type { Kysely } from 'kysely';
import { type Config, withPaymentsDevSecret } from '../../config.js';
import { appSecret } from '../../platform/db/app-secrets.js';
import type { DB } from '../../platform/db/schema.js';

export const DEV_SECRET_NAME = 'payments.dev_secret';

/**
 * The configuration with the dev cashier's notification secret: PAYMENTS_DEV_SECRET when set,
 * otherwise this database's own, made on its first start and shared by every process on it. A
 * public default would let anyone forge a "paid" notification; production requires the variable.
 */
export async function withDevSecret(config: Config, db: Kysely<DB>, now: Date): Promise<Config> {
  if (config.payments.dev.secret || !config.payments.gateways.includes('dev')) return config;
  return withPaymentsDevSecret(config, await appSecret(db, DEV_SECRET_NAME, now));
}
