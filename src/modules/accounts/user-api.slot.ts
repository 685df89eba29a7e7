import type { TSchema } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { type Contribution, defineSlot } from '../../platform/extensions/index.js';
import type { Actor } from '../../platform/http/auth.js';
import type { User } from './accounts.repository.js';

/**
 * The extension point of `GET /api/v1/users/:id`: a module above accounts adds one property to
 * the member it returns (reputation's `privileges` for oneself; later badges), and accounts never
 * imports it. See docs/decisions/0010.
 */
export interface UserApiField extends Contribution {
  /** The property's name in the reply, unique in the slot and not one of accounts' own. */
  readonly name: string;
  /** Its schema, for the reply's serialisation and the OpenAPI document (the property is optional). */
  readonly schema: TSchema;
  /** Its value for this viewer, or undefined to leave it out (a field only the member sees of themself). */
  value(input: { ctx: ServiceContext; viewer: Actor | null; user: User }): Promise<unknown>;
}

export const userApiFieldSlot = defineSlot<UserApiField>('accounts.user-api');
