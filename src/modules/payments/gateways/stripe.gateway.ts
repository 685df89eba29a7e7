import Stripe from 'stripe';
import { type Currency, isCurrency, type Money } from '../../../platform/money.js';
import {
  type Checkout,
  type CheckoutRequest,
  type GatewayEvent,
  NotificationRejected,
  type NotificationRequest,
  type PaymentGateway,
  type PaymentIds,
  type PaymentStatus,
  type ProviderResult,
  type RefundRequest,
  type TransferRequest,
} from '../gateway.port.js';

/**
 * Stripe through `stripe` 23: Checkout Sessions (hosted payment page), signed webhooks
 * (`webhooks.constructEvent` over the raw body), refunds and transfers to connected accounts.
 * Every call carries an idempotency key derived from our reference, so a retried job never pays
 * twice. `apiHost` points the client at a stand-in server (tests).
 */
export interface StripeOptions {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** `http://127.0.0.1:12111`; unset: api.stripe.com. */
  readonly apiHost?: string | undefined;
  readonly timeoutMs?: number;
}

/** Stripe wants a Checkout Session to live at least 30 minutes and at most 24 hours. */
const MIN_SESSION_MS = 31 * 60_000;
const MAX_SESSION_MS = 23.5 * 3600_000;

function moneyOf(amount: number | null | undefined, currency: string | null | undefined): Money | undefined {
  const code = currency?.toUpperCase();
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || !isCurrency(code)) return undefined;
  return { amountMinor: amount, currency: code };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** A request Stripe refused for good (bad parameters, a declined transfer): retrying will not help. */
function isDefinite(error: unknown): error is Stripe.errors.StripeError {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError
  );
}

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  readonly currencies: readonly Currency[] = ['USD', 'CNY'];
  readonly #stripe: Stripe;
  readonly #webhookSecret: string;

  constructor(options: StripeOptions) {
    const host = options.apiHost ? new URL(options.apiHost) : undefined;
    this.#stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 1,
      timeout: options.timeoutMs ?? 10_000,
      telemetry: false,
      ...(host
        ? {
            host: host.hostname,
            port: Number(host.port || (host.protocol === 'https:' ? 443 : 80)),
            protocol: host.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
    this.#webhookSecret = options.webhookSecret;
  }

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const now = request.now.getTime();
    const expiresAt = Math.min(
      Math.max(request.expiresAt.getTime(), now + MIN_SESSION_MS),
      now + MAX_SESSION_MS,
    );
    const session = await this.#stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: request.reference,
        metadata: { reference: request.reference },
        payment_intent_data: { metadata: { reference: request.reference } },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.amount.currency.toLowerCase(),
              unit_amount: request.amount.amountMinor,
              product_data: { name: request.subject },
            },
          },
        ],
        success_url: request.returnUrl,
        cancel_url: request.returnUrl,
        expires_at: Math.floor(expiresAt / 1000),
      },
      { idempotencyKey: `checkout:${request.reference}` },
    );
    if (!session.url) throw new Error(`stripe checkout session ${session.id} has no url`);
    return { payUrl: session.url, externalId: session.id };
  }

  async verifyNotification(request: NotificationRequest): Promise<GatewayEvent> {
    const signature = request.headers['stripe-signature'];
    if (typeof signature !== 'string') throw new NotificationRejected('signature');
    let event: Stripe.Event;
    try {
      event = this.#stripe.webhooks.constructEvent(request.rawBody, signature, this.#webhookSecret);
    } catch {
      throw new NotificationRejected('signature');
    }
    const eventId = event.id;
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        const reference = session.client_reference_id ?? session.metadata?.reference;
        if (!reference) throw new NotificationRejected('shape');
        if (session.payment_status !== 'paid') {
          return { kind: 'ignored', eventId, reason: `payment_status ${session.payment_status}` };
        }
        const amount = moneyOf(session.amount_total, session.currency);
        if (!amount) throw new NotificationRejected('amount');
        const externalId = idOf(session.payment_intent) ?? session.id;
        return { kind: 'payment.succeeded', eventId, reference, externalId, amount };
      }
      case 'checkout.session.async_payment_failed': {
        const session = event.data.object;
        const reference = session.client_reference_id ?? session.metadata?.reference;
        if (!reference) throw new NotificationRejected('shape');
        return { kind: 'payment.failed', eventId, reference, externalId: idOf(session.payment_intent) };
      }
      case 'checkout.session.expired': {
        const session = event.data.object;
        const reference = session.client_reference_id ?? session.metadata?.reference;
        if (!reference) throw new NotificationRejected('shape');
        return { kind: 'payment.expired', eventId, reference };
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const amount = moneyOf(charge.amount_refunded, charge.currency);
        if (!amount) throw new NotificationRejected('amount');
        return {
          kind: 'refund.succeeded',
          eventId,
          reference: charge.metadata?.reference ?? null,
          externalId: idOf(charge.payment_intent),
          refundReference: null,
          amount,
        };
      }
      default:
        return { kind: 'ignored', eventId, reason: `type ${event.type}` };
    }
  }

  acknowledgement() {
    return { contentType: 'application/json; charset=utf-8', body: '{"received":true}' };
  }

  async queryPayment(_reference: string, ids: PaymentIds = {}): Promise<PaymentStatus> {
    if (!ids.checkoutId) return { status: 'unknown', externalId: null, amount: null };
    const session = await this.#stripe.checkout.sessions.retrieve(ids.checkoutId);
    const amount = moneyOf(session.amount_total, session.currency) ?? null;
    const externalId = idOf(session.payment_intent);
    if (session.payment_status === 'paid') return { status: 'paid', externalId, amount };
    if (session.status === 'expired') return { status: 'failed', externalId, amount };
    return { status: 'pending', externalId, amount };
  }

  async refund(request: RefundRequest): Promise<ProviderResult> {
    if (!request.externalId)
      return { status: 'failed', externalId: null, failure: 'stripe: no payment to refund' };
    try {
      const refund = await this.#stripe.refunds.create(
        {
          payment_intent: request.externalId,
          amount: request.amount.amountMinor,
          reason: 'requested_by_customer',
          metadata: { reference: request.reference, refund_reference: request.refundReference },
        },
        { idempotencyKey: `refund:${request.refundReference}` },
      );
      if (refund.status === 'succeeded') return { status: 'succeeded', externalId: refund.id };
      if (refund.status === 'failed' || refund.status === 'canceled') {
        return { status: 'failed', externalId: refund.id, failure: `stripe: refund ${refund.status}` };
      }
      return { status: 'pending', externalId: refund.id };
    } catch (error) {
      if (isDefinite(error))
        return { status: 'failed', externalId: null, failure: `stripe: ${error.message}` };
      throw error;
    }
  }

  async transfer(request: TransferRequest): Promise<ProviderResult> {
    try {
      const transfer = await this.#stripe.transfers.create(
        {
          amount: request.amount.amountMinor,
          currency: request.amount.currency.toLowerCase(),
          destination: request.destination,
          description: request.memo,
          metadata: { reference: request.reference },
        },
        { idempotencyKey: `transfer:${request.reference}` },
      );
      return { status: 'succeeded', externalId: transfer.id };
    } catch (error) {
      if (isDefinite(error))
        return { status: 'failed', externalId: null, failure: `stripe: ${error.message}` };
      throw error;
    }
  }
}
