import { AlipaySdk } from 'alipay-sdk';
import {
  type Currency,
  isCurrency,
  type Money,
  parseAmount,
  toDecimalString,
} from '../../../platform/money.js';
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
 * Alipay (支付宝) through `alipay-sdk` 4: computer-website page pay (`alipay.trade.page.pay`, a
 * signed URL built offline), RSA2 asynchronous notifications (verified with Alipay's public key,
 * then app id, seller, amount and currency), trade query, refund and fund transfer through the
 * OpenAPI gateway (`ALIPAY_GATEWAY_URL`; tests point it at a stand-in on 127.0.0.1).
 */
export interface AlipayOptions {
  readonly appId: string;
  /** The app's RSA private key (PEM, PKCS#8 or PKCS#1). */
  readonly privateKey: string;
  /** Alipay's RSA public key (PEM): verifies notifications and responses. */
  readonly alipayPublicKey: string;
  readonly gatewayUrl: string;
  readonly sellerId?: string | undefined;
  readonly timeoutMs?: number;
}

/** A refused business request (code 40004): definite; anything else (20000, network) may be retried. */
const BUSINESS_FAILURE = '40004';

type AlipayResponse = Record<string, unknown> & {
  code?: string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
};

/** "yyyy-MM-dd HH:mm:ss" in Beijing time, as Alipay's time_expire wants it. */
export function beijingTime(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function amountOf(value: unknown, currency: Currency): Money | undefined {
  const parsed = parseAmount(value, currency);
  return parsed.ok ? parsed.value : undefined;
}

export class AlipayGateway implements PaymentGateway {
  readonly name = 'alipay' as const;
  readonly currencies: readonly Currency[] = ['CNY'];
  readonly #sdk: AlipaySdk;
  readonly #appId: string;
  readonly #sellerId: string | undefined;

  constructor(options: AlipayOptions) {
    const privateKey = options.privateKey.trim();
    this.#appId = options.appId;
    this.#sellerId = options.sellerId;
    this.#sdk = new AlipaySdk({
      appId: options.appId,
      privateKey,
      keyType: privateKey.includes('BEGIN RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
      alipayPublicKey: options.alipayPublicKey.trim(),
      gateway: options.gatewayUrl,
      signType: 'RSA2',
      camelcase: false,
      timeout: options.timeoutMs ?? 10_000,
    });
  }

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const payUrl = this.#sdk.pageExecute('alipay.trade.page.pay', 'GET', {
      bizContent: {
        out_trade_no: request.reference,
        product_code: 'FAST_INSTANT_TRADE_PAY',
        total_amount: toDecimalString(request.amount),
        subject: request.subject,
        time_expire: beijingTime(request.expiresAt),
      },
      notify_url: request.notifyUrl,
      return_url: request.returnUrl,
    });
    return { payUrl, externalId: null };
  }

  async verifyNotification(request: NotificationRequest): Promise<GatewayEvent> {
    const fields = Object.fromEntries(new URLSearchParams(request.rawBody));
    // V2: the values as received, not URI-decoded a second time (a '%' in a subject would throw).
    if (!fields.sign || !this.#sdk.checkNotifySignV2(fields)) throw new NotificationRejected('signature');
    if (fields.app_id !== this.#appId) throw new NotificationRejected('app_id');
    if (this.#sellerId && fields.seller_id !== this.#sellerId) throw new NotificationRejected('seller');
    const eventId = text(fields.notify_id);
    const reference = text(fields.out_trade_no);
    if (!eventId || !reference) throw new NotificationRejected('shape');
    const currency = fields.trans_currency ?? 'CNY';
    if (!isCurrency(currency)) throw new NotificationRejected('currency');
    const externalId = text(fields.trade_no) ?? null;
    const status = fields.trade_status;

    const refundReference = text(fields.out_biz_no) ?? null;
    if (fields.refund_fee !== undefined && refundReference) {
      const refunded = amountOf(fields.refund_fee, currency);
      if (!refunded) throw new NotificationRejected('amount');
      return { kind: 'refund.succeeded', eventId, reference, externalId, refundReference, amount: refunded };
    }
    if (status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED') {
      const amount = amountOf(fields.total_amount, currency);
      if (!amount || !externalId) throw new NotificationRejected('amount');
      return { kind: 'payment.succeeded', eventId, reference, externalId, amount };
    }
    if (status === 'TRADE_CLOSED') return { kind: 'payment.failed', eventId, reference, externalId };
    return { kind: 'ignored', eventId, reason: `trade_status ${String(status)}` };
  }

  acknowledgement() {
    return { contentType: 'text/plain; charset=utf-8', body: 'success' };
  }

  async #exec(method: string, bizContent: Record<string, unknown>): Promise<AlipayResponse> {
    return (await this.#sdk.exec(method, { bizContent }, { validateSign: true })) as AlipayResponse;
  }

  /** Alipay answered, but not 10000 and not a business refusal: worth trying again later. */
  #transient(method: string, response: AlipayResponse): Error {
    return new Error(
      `alipay ${method}: ${response.code} ${response.sub_code ?? ''} ${response.sub_msg ?? ''}`,
    );
  }

  async queryPayment(reference: string): Promise<PaymentStatus> {
    const response = await this.#exec('alipay.trade.query', { out_trade_no: reference });
    if (response.code === BUSINESS_FAILURE && response.sub_code === 'ACQ.TRADE_NOT_EXIST') {
      return { status: 'pending', externalId: null, amount: null };
    }
    if (response.code !== '10000') throw this.#transient('alipay.trade.query', response);
    const externalId = text(response.trade_no) ?? null;
    const amount = amountOf(response.total_amount, 'CNY') ?? null;
    switch (response.trade_status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { status: 'paid', externalId, amount };
      case 'WAIT_BUYER_PAY':
        return { status: 'pending', externalId, amount };
      case 'TRADE_CLOSED':
        return { status: 'failed', externalId, amount };
      default:
        return { status: 'unknown', externalId, amount };
    }
  }

  async refund(request: RefundRequest): Promise<ProviderResult> {
    const response = await this.#exec('alipay.trade.refund', {
      out_trade_no: request.reference,
      refund_amount: toDecimalString(request.amount),
      out_request_no: request.refundReference,
      refund_reason: request.reason,
    });
    if (response.code === '10000')
      return { status: 'succeeded', externalId: text(response.trade_no) ?? null };
    if (response.code === BUSINESS_FAILURE) {
      return { status: 'failed', externalId: null, failure: `${response.sub_code}: ${response.sub_msg}` };
    }
    throw this.#transient('alipay.trade.refund', response);
  }

  async transfer(request: TransferRequest): Promise<ProviderResult> {
    const response = await this.#exec('alipay.fund.trans.uni.transfer', {
      out_biz_no: request.reference,
      trans_amount: toDecimalString(request.amount),
      product_code: 'TRANS_ACCOUNT_NO_PWD',
      biz_scene: 'DIRECT_TRANSFER',
      order_title: request.memo,
      payee_info: { identity: request.destination, identity_type: 'ALIPAY_LOGON_ID' },
    });
    if (response.code === BUSINESS_FAILURE) {
      return { status: 'failed', externalId: null, failure: `${response.sub_code}: ${response.sub_msg}` };
    }
    if (response.code !== '10000') throw this.#transient('alipay.fund.trans.uni.transfer', response);
    const externalId = text(response.order_id) ?? null;
    if (response.status === 'SUCCESS') return { status: 'succeeded', externalId };
    if (response.status === 'FAIL')
      return { status: 'failed', externalId, failure: 'alipay: transfer failed' };
    return { status: 'pending', externalId };
  }
}
