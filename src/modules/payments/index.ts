import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { isGatewayName, type PaymentGateway } from './gateway.port.js';
import { gatewayFor, useGateways } from './gateways/index.js';
import { paymentsApi } from './payments.api.js';
import { paymentsPages } from './payments.pages.js';
// Defines the module's durable jobs in the process-wide registry (web app and worker alike).
import './payments.jobs.js';

export { withDevSecret } from './dev-secret.js';
/**
 * The payments module's only door: top-ups through gateways (dev, Alipay, Stripe), their
 * notifications, expiry and refunds; and the gateway port other modules use for transfers.
 */
export {
  GATEWAY_NAMES,
  type GatewayEvent,
  type GatewayName,
  isGatewayName,
  type PaymentGateway,
  type ProviderResult,
  type TransferRequest,
} from './gateway.port.js';
export { offeredGateways } from './gateways/index.js';
export {
  type AmountToMember,
  type GatewayOrder,
  listGatewayOrders,
  type Reconciliation,
  type ReconciliationProblem,
  reconcileOrders,
} from './orders.queries.js';
export {
  findOrderById,
  listEventsByOrder,
  listRefundsByOrder,
  type PaymentOrder,
  type PaymentRefund,
} from './payments.repository.js';
export { ORDER_STATES, type OrderState, REFUND_STATES, type RefundState } from './topup.states.js';
export { createTopup, getTopup, listTopups } from './topups.service.js';

/** The gateway named `name` if this server offers it (for payouts' transfers): by context, like a job sees it. */
export function paymentGatewayFor(ctx: ServiceContext, name: string): PaymentGateway | undefined {
  return isGatewayName(name) ? gatewayFor(ctx.config, name) : undefined;
}

export interface PaymentsModuleOptions {
  /** Gateways standing in for the configured ones of the same name (see `useGateways`). */
  readonly gateways?: readonly PaymentGateway[] | undefined;
}

/** Registers the top-up API, the notify endpoints, the top-up pages and the dev cashier. */
export async function paymentsModule(
  app: FastifyInstance,
  ctx: ServiceContext,
  options: PaymentsModuleOptions = {},
): Promise<void> {
  if (options.gateways) useGateways(ctx.config, options.gateways);
  await app.register(paymentsApi, { ctx });
  await app.register(paymentsPages, { ctx });
}
