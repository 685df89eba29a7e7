import { randomBytes } from 'node:crypto';
import type { Page, ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { AppError, NotFoundError } from '../../platform/http/errors.js';
import { safeLocalPath } from '../../platform/http/redirects.js';
import type { MessageKey, MessageParams } from '../../platform/i18n/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { type Money, MoneyError, positiveMoney, toDecimalString } from '../../platform/money.js';
import { isGatewayName, type PaymentGateway } from './gateway.port.js';
import { gatewayFor, offeredGateways } from './gateways/index.js';
import { expireJobKey, expireOrderJob } from './payments.jobs.js';
import {
  findOrderById,
  insertOrder,
  listOrdersByUser,
  listRefundsByOrder,
  type PaymentOrder,
  type PaymentRefund,
  setOrderCheckout,
} from './payments.repository.js';
import { refundable } from './topup.states.js';

/** What a member asks for: an amount and a gateway, as sent (checked here, not trusted). */
export interface TopupInput {
  readonly amount: { readonly amountMinor: unknown; readonly currency: unknown };
  readonly gateway: unknown;
}

/** A top-up order with what its page shows. */
export interface TopupDetails {
  readonly order: PaymentOrder;
  readonly refunds: PaymentRefund[];
  /** What the member may still ask back (0 unless paid). */
  readonly refundable: Money;
}

/** "1.00 CNY": amounts inside error messages (no locale there). */
export function plainAmount(amount: Money): string {
  return `${toDecimalString(amount)} ${amount.currency}`;
}

function refused(field: 'amount' | 'gateway', code: MessageKey, params?: MessageParams): AppError {
  const problem = params ? { code, params } : { code };
  return new AppError(422, code, { ...(params ? { params } : {}), fields: { [field]: problem } });
}

/** Our reference for a new order: unique, and valid as Alipay out_trade_no and Stripe client_reference_id. */
function newReference(): string {
  return `tu${randomBytes(10).toString('hex')}`;
}

/** Checks a top-up request: the gateway is offered, the amount is positive, whole, accepted and within limits. */
export function checkTopupInput(
  ctx: ServiceContext,
  input: TopupInput,
): { gateway: PaymentGateway; amount: Money } {
  const name = input.gateway;
  if (!isGatewayName(name))
    throw refused('gateway', 'payments.gateway_unknown', { gateway: String(name).slice(0, 40) });
  const gateway = gatewayFor(ctx.config, name);
  if (!gateway) throw refused('gateway', 'payments.gateway_unavailable', { gateway: name });
  let amount: Money;
  try {
    amount = positiveMoney(input.amount?.amountMinor as number, input.amount?.currency as string);
  } catch (error) {
    if (error instanceof MoneyError) throw refused('amount', error.code, error.params);
    throw error;
  }
  if (!gateway.currencies.includes(amount.currency)) {
    throw refused('amount', 'payments.currency_not_accepted', { gateway: name, currency: amount.currency });
  }
  const { topupMinMinor, topupMaxMinor } = ctx.config.payments;
  if (amount.amountMinor < topupMinMinor) {
    throw refused('amount', 'payments.amount_below_minimum', {
      min: plainAmount({ amountMinor: topupMinMinor, currency: amount.currency }),
    });
  }
  if (amount.amountMinor > topupMaxMinor) {
    throw refused('amount', 'payments.amount_above_maximum', {
      max: plainAmount({ amountMinor: topupMaxMinor, currency: amount.currency }),
    });
  }
  return { gateway, amount };
}

/** The order page a gateway sends the payer back to, carrying the page to go on to (if any, and local). */
function orderReturnPath(orderId: number, returnTo: string | undefined): string {
  const next = returnTo ? safeLocalPath(returnTo) : '/';
  return next === '/'
    ? `/wallet/topups/${orderId}`
    : `/wallet/topups/${orderId}?next=${encodeURIComponent(next)}`;
}

/** The absolute URL of a path of this app, as payers' browsers and gateways reach it. */
export function publicUrl(ctx: ServiceContext, path: string): string {
  return `${ctx.config.payments.publicBaseUrl}${path}`;
}

/**
 * Starts a top-up: checks the input (422s naming the field; nothing written), writes the order and
 * schedules its expiry job in one transaction, then, after commit, asks the gateway for a checkout
 * (a network call: never inside the transaction). A gateway that cannot be reached is a 502
 * payments.gateway_error; the order stays unpaid and expires. `returnTo`, a path of this site (the
 * page of the action the money is for), rides on the return URL so the order page can lead back.
 */
export async function createTopup(
  ctx: ServiceContext,
  actor: Actor | null,
  input: TopupInput,
  options: { returnTo?: string | undefined } = {},
): Promise<{ order: PaymentOrder; payUrl: string }> {
  const member = requireActor(actor);
  const { gateway, amount } = checkTopupInput(ctx, input);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.payments.orderLifetimeMinutes * 60_000);

  const order = await runTransaction(ctx, async (trx) => {
    const created = await insertOrder(trx, {
      reference: newReference(),
      userId: member.userId,
      gateway: gateway.name,
      amountMinor: amount.amountMinor,
      currency: amount.currency,
      expiresAt,
      now,
    });
    await enqueueJob(trx, expireOrderJob, {
      payload: { orderId: created.id },
      runAt: expiresAt,
      dedupeKey: expireJobKey(created.id),
    });
    return created;
  });

  let checkout: Awaited<ReturnType<PaymentGateway['createCheckout']>>;
  try {
    checkout = await gateway.createCheckout({
      reference: order.reference,
      amount,
      subject: `TechQ&A top-up ${order.reference}`,
      returnUrl: publicUrl(ctx, orderReturnPath(order.id, options.returnTo)),
      notifyUrl: publicUrl(ctx, `/api/v1/payments/notify/${gateway.name}`),
      expiresAt,
      now,
    });
  } catch (error) {
    ctx.log.error({ err: error, orderId: order.id, gateway: gateway.name }, 'checkout could not be created');
    throw new AppError(502, 'payments.gateway_error', { cause: error });
  }
  await setOrderCheckout(ctx.db, order.id, { payUrl: checkout.payUrl, checkoutId: checkout.externalId, now });
  return {
    order: { ...order, payUrl: checkout.payUrl, checkoutId: checkout.externalId },
    payUrl: checkout.payUrl,
  };
}

/** The member's own order; anyone else's (or none) is a 404 payments.order_not_found. */
export async function getTopup(
  ctx: ServiceContext,
  actor: Actor | null,
  orderId: number,
): Promise<TopupDetails> {
  const member = requireActor(actor);
  const order = Number.isSafeInteger(orderId) ? await findOrderById(ctx.db, orderId) : undefined;
  if (!order || order.userId !== member.userId) throw new NotFoundError('payments.order_not_found');
  const refunds = await listRefundsByOrder(ctx.db, order.id);
  return { order, refunds, refundable: refundable(order, refunds) };
}

/** The member's orders, newest first. */
export async function listTopups(
  ctx: ServiceContext,
  actor: Actor | null,
  page: { page: number; pageSize: number },
): Promise<Page<PaymentOrder>> {
  const member = requireActor(actor);
  const { items, total } = await listOrdersByUser(ctx.db, member.userId, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items, total, page: page.page, pageSize: page.pageSize };
}

/** The gateways a member may choose now, with the currencies each accepts and the limits. */
export function topupOptions(ctx: ServiceContext) {
  return {
    gateways: offeredGateways(ctx.config).map((gateway) => ({
      name: gateway.name,
      currencies: gateway.currencies,
    })),
    minMinor: ctx.config.payments.topupMinMinor,
    maxMinor: ctx.config.payments.topupMaxMinor,
  };
}
