import type { Currency, Money } from '../../platform/money.js';

/**
 * The payment gateway port: the one interface through which TechQ&A talks to a payment provider
 * (the built-in `dev` cashier, Alipay, Stripe). Adapters live in `gateways/`; services never call a
 * provider SDK directly, and never call a gateway inside a database transaction (gateway calls run
 * from durable jobs written in the same transaction as the state change that asks for them).
 */

export const GATEWAY_NAMES = ['dev', 'alipay', 'stripe'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** True when the value names a known gateway. */
export function isGatewayName(value: unknown): value is GatewayName {
  return typeof value === 'string' && (GATEWAY_NAMES as readonly string[]).includes(value);
}

/** What a top-up asks the gateway to collect. */
export interface CheckoutRequest {
  /** Our reference for the order, unique per gateway (Alipay `out_trade_no`, Stripe `client_reference_id`). */
  readonly reference: string;
  readonly amount: Money;
  /** Shown on the gateway's page. */
  readonly subject: string;
  /** Absolute URL the payer's browser returns to. */
  readonly returnUrl: string;
  /** Absolute URL the gateway notifies (server to server). */
  readonly notifyUrl: string;
  /** The order stops being payable at this time. */
  readonly expiresAt: Date;
  /** The app clock's now (a gateway with its own limits on expiry, like Stripe's, counts from it). */
  readonly now: Date;
}

export interface Checkout {
  /** Where to send the payer's browser. */
  readonly payUrl: string;
  /** The gateway's own id for the payment, when it gives one at creation (Stripe session id). */
  readonly externalId: string | null;
}

/** The raw request a gateway's notify/webhook endpoint received. */
export interface NotificationRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body exactly as received (signatures are computed over it). */
  readonly rawBody: string;
}

/** A verified notification, in the gateway-independent words of the payments module. */
export type GatewayEvent =
  | {
      readonly kind: 'payment.succeeded';
      /** The provider's id of this event (for de-duplication of replays). */
      readonly eventId: string;
      readonly reference: string;
      readonly externalId: string;
      readonly amount: Money;
    }
  | {
      readonly kind: 'payment.failed';
      readonly eventId: string;
      readonly reference: string;
      readonly externalId: string | null;
    }
  | {
      /** The gateway closed the checkout unpaid (Stripe's session expired): the order expires now. */
      readonly kind: 'payment.expired';
      readonly eventId: string;
      readonly reference: string;
    }
  | {
      readonly kind: 'refund.succeeded';
      readonly eventId: string;
      /** The order's reference, when the provider echoes it; else `externalId` finds the order. */
      readonly reference: string | null;
      /** The provider's id of the payment refunded (Alipay trade_no, Stripe PaymentIntent). */
      readonly externalId: string | null;
      /** Our reference for the refund, when the provider echoes it. */
      readonly refundReference: string | null;
      /** The total refunded so far on the payment, as the provider reports it. */
      readonly amount: Money;
    }
  | {
      /** A genuine notification this application does not act on. */
      readonly kind: 'ignored';
      readonly eventId: string;
      readonly reason: string;
    };

/** What the provider says about a payment when asked (reconciliation, expiry double-check). */
export interface PaymentStatus {
  readonly status: 'paid' | 'pending' | 'failed' | 'unknown';
  readonly externalId: string | null;
  readonly amount: Money | null;
}

/** The provider's own ids for a payment, as far as the order knows them. */
export interface PaymentIds {
  /** The checkout created for it (Stripe Checkout Session id). */
  readonly checkoutId?: string | null;
  /** The payment itself (Alipay trade_no, Stripe PaymentIntent id). */
  readonly externalId?: string | null;
}

export interface RefundRequest {
  /** The order's reference (as given to createCheckout). */
  readonly reference: string;
  readonly externalId: string | null;
  /** Our reference for this refund, unique: the provider de-duplicates retries on it. */
  readonly refundReference: string;
  readonly amount: Money;
  readonly reason: string;
}

export interface TransferRequest {
  /** Our reference for the payout, unique: the provider de-duplicates retries on it. */
  readonly reference: string;
  readonly amount: Money;
  /** The payee's account at the provider (Alipay login id, Stripe connected account id, any text for dev). */
  readonly destination: string;
  readonly memo: string;
}

/** The outcome of a refund or a transfer: `pending` means a later notification or query settles it. */
export interface ProviderResult {
  readonly status: 'succeeded' | 'pending' | 'failed';
  readonly externalId: string | null;
  /** The provider's reason when failed, for the admin's eyes (never shown to members verbatim). */
  readonly failure?: string;
}

/** Raised by verifyNotification for a forged, altered or foreign notification: answered with 400, nothing posted. */
export class NotificationRejected extends Error {
  constructor(readonly reason: string) {
    super(`notification rejected: ${reason}`);
    this.name = 'NotificationRejected';
  }
}

export interface PaymentGateway {
  readonly name: GatewayName;
  /** Currencies this gateway accepts. */
  readonly currencies: readonly Currency[];
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** Verifies signature, app/merchant id and shape; throws NotificationRejected when any is wrong. */
  verifyNotification(request: NotificationRequest): Promise<GatewayEvent>;
  /** The body the provider expects in answer to an accepted notification. */
  acknowledgement(): { readonly contentType: string; readonly body: string };
  /** Asks the provider about a payment; `ids` helps providers that look payments up by their own ids (Stripe). */
  queryPayment(reference: string, ids?: PaymentIds): Promise<PaymentStatus>;
  refund(request: RefundRequest): Promise<ProviderResult>;
  transfer(request: TransferRequest): Promise<ProviderResult>;
}
