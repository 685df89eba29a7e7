import { createHmac, timingSafeEqual } from 'node:crypto';
import { safeLocalPath } from '../../../platform/http/redirects.js';
import { type Currency, isCurrency, type Money } from '../../../platform/money.js';
import {
  type Checkout,
  type CheckoutRequest,
  type GatewayEvent,
  NotificationRejected,
  type NotificationRequest,
  type PaymentGateway,
  type PaymentStatus,
  type ProviderResult,
  type RefundRequest,
  type TransferRequest,
} from '../gateway.port.js';

/**
 * The built-in offline gateway (the default): a cashier page inside the app where the payer
 * chooses to pay, fail or abandon, and notifications signed with an HMAC secret from config.
 * It keeps no state of its own: the checkout travels in the pay URL as a signed token, and
 * refunds and transfers succeed at once (a transfer to a destination starting with `fail` fails,
 * so payout failures can be tried). Its URLs are paths of this app (it is this app).
 */

/** The merchant id every dev notification names; another one is refused. */
export const DEV_MERCHANT = 'techqa-dev';
/** The header carrying the hex HMAC-SHA256 of the raw notification body. */
export const DEV_SIGNATURE_HEADER = 'x-dev-signature';
/** Where the cashier lives. */
export const DEV_CASHIER_PATH = '/dev-gateway/orders';

/** What the cashier page knows about a checkout: read back from its signed token. */
export interface DevCheckout {
  readonly reference: string;
  readonly amount: Money;
  readonly subject: string;
  /** A path of this app. */
  readonly returnPath: string;
  readonly expiresAt: Date;
}

/** The notification body the dev cashier sends (JSON). */
interface DevNotice {
  merchant: string;
  eventId: string;
  type: 'payment.succeeded' | 'payment.failed' | 'refund.succeeded';
  reference: string;
  externalId: string;
  amountMinor: number;
  currency: string;
  refundReference?: string;
}

function pathOf(url: string): string {
  const parsed = new URL(url, 'http://dev.invalid');
  return `${parsed.pathname}${parsed.search}`;
}

export class DevGateway implements PaymentGateway {
  readonly name = 'dev' as const;
  readonly currencies: readonly Currency[] = ['CNY', 'USD'];
  readonly #secret: string;

  constructor(options: { secret: string }) {
    this.#secret = options.secret;
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('hex');
  }

  #sameMac(text: string, mac: string): boolean {
    const expected = Buffer.from(this.#mac(text));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const token = this.checkoutToken({
      reference: request.reference,
      amount: request.amount,
      subject: request.subject,
      returnPath: pathOf(request.returnUrl),
      expiresAt: request.expiresAt,
    });
    return { payUrl: `${DEV_CASHIER_PATH}/${request.reference}?t=${token}`, externalId: null };
  }

  /** The signed token the cashier URL carries. */
  checkoutToken(checkout: DevCheckout): string {
    const body = Buffer.from(
      JSON.stringify({
        r: checkout.reference,
        a: checkout.amount.amountMinor,
        c: checkout.amount.currency,
        s: checkout.subject,
        p: checkout.returnPath,
        e: checkout.expiresAt.getTime(),
      }),
    ).toString('base64url');
    return `${body}.${this.#mac(`checkout:${body}`)}`;
  }

  /** The checkout a cashier token stands for, if the token is genuine and names `reference`. */
  readCheckoutToken(token: string, reference: string): DevCheckout | undefined {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || !this.#sameMac(`checkout:${body}`, mac)) return undefined;
    try {
      const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (data.r !== reference || typeof data.s !== 'string' || typeof data.p !== 'string') return undefined;
      if (!Number.isSafeInteger(data.a) || !isCurrency(data.c) || typeof data.e !== 'number')
        return undefined;
      return {
        reference,
        amount: { amountMinor: data.a as number, currency: data.c },
        subject: data.s,
        // The cashier's link back and its redirect after paying: never off this site.
        returnPath: safeLocalPath(data.p),
        expiresAt: new Date(data.e),
      };
    } catch {
      return undefined;
    }
  }

  /** The signed notification the cashier sends for the payer's choice (one event id per outcome). */
  paymentNotice(checkout: DevCheckout, outcome: 'paid' | 'failed'): NotificationRequest {
    return this.#notice({
      merchant: DEV_MERCHANT,
      eventId: `dev_evt_${checkout.reference}_${outcome}`,
      type: outcome === 'paid' ? 'payment.succeeded' : 'payment.failed',
      reference: checkout.reference,
      externalId: `dev_${checkout.reference}`,
      amountMinor: checkout.amount.amountMinor,
      currency: checkout.amount.currency,
    });
  }

  /** Signs any notice body (tests use it to send altered or out-of-order notifications). */
  signNotice(rawBody: string): NotificationRequest {
    return {
      rawBody,
      headers: { 'content-type': 'application/json', [DEV_SIGNATURE_HEADER]: this.#mac(rawBody) },
    };
  }

  #notice(notice: DevNotice): NotificationRequest {
    return this.signNotice(JSON.stringify(notice));
  }

  async verifyNotification(request: NotificationRequest): Promise<GatewayEvent> {
    const signature = request.headers[DEV_SIGNATURE_HEADER];
    if (typeof signature !== 'string' || !this.#sameMac(request.rawBody, signature)) {
      throw new NotificationRejected('signature');
    }
    let notice: Partial<DevNotice>;
    try {
      notice = JSON.parse(request.rawBody) as Partial<DevNotice>;
    } catch {
      throw new NotificationRejected('shape');
    }
    if (notice.merchant !== DEV_MERCHANT) throw new NotificationRejected('merchant');
    const { eventId, reference, externalId, amountMinor, currency } = notice;
    if (typeof eventId !== 'string' || !eventId || typeof reference !== 'string' || !reference) {
      throw new NotificationRejected('shape');
    }
    if (!Number.isSafeInteger(amountMinor) || (amountMinor as number) <= 0 || !isCurrency(currency)) {
      throw new NotificationRejected('amount');
    }
    const amount: Money = { amountMinor: amountMinor as number, currency };
    switch (notice.type) {
      case 'payment.succeeded':
        return {
          kind: 'payment.succeeded',
          eventId,
          reference,
          externalId: String(externalId ?? ''),
          amount,
        };
      case 'payment.failed':
        return { kind: 'payment.failed', eventId, reference, externalId: externalId ?? null };
      case 'refund.succeeded':
        return {
          kind: 'refund.succeeded',
          eventId,
          reference,
          externalId: externalId ?? null,
          refundReference: notice.refundReference ?? null,
          amount,
        };
      default:
        return { kind: 'ignored', eventId, reason: `type ${String(notice.type)}` };
    }
  }

  acknowledgement() {
    return { contentType: 'text/plain; charset=utf-8', body: 'success' };
  }

  /** The dev gateway keeps no record of payments: its notifications are synchronous. */
  async queryPayment(): Promise<PaymentStatus> {
    return { status: 'unknown', externalId: null, amount: null };
  }

  async refund(request: RefundRequest): Promise<ProviderResult> {
    return { status: 'succeeded', externalId: `dev_rf_${request.refundReference}` };
  }

  async transfer(request: TransferRequest): Promise<ProviderResult> {
    if (request.destination.startsWith('fail')) {
      return { status: 'failed', externalId: null, failure: 'dev: the destination refused the transfer' };
    }
    return { status: 'succeeded', externalId: `dev_tr_${request.reference}` };
  }
}
