import type { Config } from '../../../config.js';
import { GATEWAY_NAMES, type GatewayName, type PaymentGateway } from '../gateway.port.js';
import { AlipayGateway } from './alipay.gateway.js';
import { DevGateway } from './dev.gateway.js';
import { StripeGateway } from './stripe.gateway.js';

/**
 * The gateways this configuration offers: switched on in PAYMENTS_GATEWAYS and, for Alipay and
 * Stripe, given credentials. Built once per (frozen) config and kept with it.
 */
const built = new WeakMap<Config, ReadonlyMap<GatewayName, PaymentGateway>>();

function build(config: Config): ReadonlyMap<GatewayName, PaymentGateway> {
  const { payments } = config;
  const gateways = new Map<GatewayName, PaymentGateway>();
  for (const name of GATEWAY_NAMES) {
    if (!payments.gateways.includes(name)) continue;
    // No secret yet (a config the process has not completed): the dev cashier is not offered.
    if (name === 'dev' && payments.dev.secret)
      gateways.set(name, new DevGateway({ secret: payments.dev.secret }));
    if (name === 'alipay' && payments.alipay) gateways.set(name, new AlipayGateway(payments.alipay));
    if (name === 'stripe' && payments.stripe) gateways.set(name, new StripeGateway(payments.stripe));
  }
  return gateways;
}

function gatewaysOf(config: Config): ReadonlyMap<GatewayName, PaymentGateway> {
  let gateways = built.get(config);
  if (!gateways) {
    gateways = build(config);
    built.set(config, gateways);
  }
  return gateways;
}

/** The gateways members may choose, in the chooser's order. */
export function offeredGateways(config: Config): PaymentGateway[] {
  return [...gatewaysOf(config).values()];
}

/** The named gateway if this configuration offers it. */
export function gatewayFor(config: Config, name: GatewayName): PaymentGateway | undefined {
  return gatewaysOf(config).get(name);
}

/** The dev gateway (cashier pages), if offered. */
export function devGatewayOf(config: Config): DevGateway | undefined {
  const dev = gatewaysOf(config).get('dev');
  return dev instanceof DevGateway ? dev : undefined;
}

/**
 * Composition (`buildApp({ gateways })` → `paymentsModule`): each given gateway stands in for the
 * one of its name under this config — a sandbox client, or a wrapper that records calls. Switched-off
 * names stay off. Called once at start-up, before any request or job.
 */
export function useGateways(config: Config, standIns: readonly PaymentGateway[]): void {
  const gateways = new Map(gatewaysOf(config));
  for (const gateway of standIns) {
    if (config.payments.gateways.includes(gateway.name)) gateways.set(gateway.name, gateway);
  }
  built.set(config, gateways);
}
