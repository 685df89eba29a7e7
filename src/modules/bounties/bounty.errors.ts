import type { ServiceContext } from '../../platform/context.js';
import { AppError, ConflictError, ForbiddenError } from '../../platform/http/errors.js';
import type { Currency } from '../../platform/money.js';
import { toDecimalString } from '../../platform/money.js';
import { MAX_ACTIVE_PER_MEMBER, MIN_QUESTION_AGE_DAYS, type OfferRefusal } from './bounty.rules.js';
import type { BountyRefusal } from './bounty.states.js';

/** Turns the pure rules' refusals into AppErrors with the API's statuses: each a catalogue key. */

function plain(amountMinor: number, currency: Currency): string {
  return `${toDecimalString({ amountMinor, currency })} ${currency}`;
}

/** 422 (naming `amount`) for bounds, 409 for the question's or member's state. */
export function offerRefused(ctx: ServiceContext, reason: OfferRefusal, currency: Currency): AppError {
  const { minMinor, maxMinor } = ctx.config.bounties;
  switch (reason) {
    case 'bounty.amount_too_small': {
      const params = { min: plain(minMinor, currency) };
      return new AppError(422, reason, { params, fields: { amount: { code: reason, params } } });
    }
    case 'bounty.amount_too_large': {
      const params = { max: plain(maxMinor, currency) };
      return new AppError(422, reason, { params, fields: { amount: { code: reason, params } } });
    }
    case 'bounty.question_too_new':
      return new ConflictError(reason, { params: { days: MIN_QUESTION_AGE_DAYS } });
    case 'bounty.too_many_active':
      return new ConflictError(reason, { params: { max: MAX_ACTIVE_PER_MEMBER } });
    default:
      return new ConflictError(reason);
  }
}

/** 403 for someone else's bounty, 409 for everything about its state or the answer's. */
export function awardRefused(reason: BountyRefusal): AppError {
  return reason === 'bounty.not_offerer' ? new ForbiddenError(reason) : new ConflictError(reason);
}
