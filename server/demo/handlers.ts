// The handlers.ts of each application of the sample flow when `npm run demo` runs it: a steady
// producer with a poison order now and then, a transformer that enriches, a consumer that
// rejects the poison (so it reaches the dead-letter queue) and a slow one (so its lag grows).
// Pure: (doc) → file contents. Names of handlers, senders and emitters come from the stub plan,
// so the sources keep compiling when the flow's topics or groups are renamed.
import type { FlowDoc } from "../flow/model";
import { planApp, type AppPlan } from "../flow/stubs/typescript";

/** Environment the handlers read; set by server/demo/traffic.ts. */
export const HANDLER_ENV = {
  rate: "FLOWLENS_DEMO_RATE",
  poisonEvery: "FLOWLENS_DEMO_POISON_EVERY",
  slowMs: "FLOWLENS_DEMO_SLOW_MS",
} as const;

/** What the handlers do when the environment does not say. */
export const DEMO_DEFAULTS = { rate: 10, poisonEvery: 25, slowMs: 500 } as const;

/**
 * The slow consumer. It runs one instance per partition of its topic: a single instance with
 * kafkajs's one-partition-at-a-time batches would leave the other partitions' offsets standing
 * still (Burrow's STALL), where the demo means to show a group that moves but falls behind (WARN).
 */
export const SLOW_APP = "payment";

/** The SKU prefix of a poison order: fulfilment refuses it with an OutOfStockError. */
export const POISON_SKU_PREFIX = "DISCONTINUED-";

const HEAD = "// Written by Flowlens's demo (server/demo/handlers.ts); regenerated on every `npm run demo`.";

function sender(plan: AppPlan, message: string): string {
  const out = plan.outbound.find((o) => o.message.name === message);
  if (!out) throw new Error(`${plan.app} sends no ${message}`);
  return out.sender;
}

function factory(plan: AppPlan, message: string): string {
  const out = plan.outbound.find((o) => o.message.name === message);
  if (!out) throw new Error(`${plan.app} emits no ${message}`);
  return out.factory;
}

function onlyProducer(plan: AppPlan): string {
  if (plan.producers.length !== 1 || plan.groups.length) throw new Error(`${plan.app} should only produce, to one topic`);
  return plan.producers[0]!.handler;
}

function onlySubscription(plan: AppPlan): string {
  const subs = plan.groups.flatMap((g) => g.subscriptions);
  if (subs.length !== 1 || plan.producers.length) throw new Error(`${plan.app} should consume one topic and produce nothing`);
  return subs[0]!.handler;
}

function producerHandlers(plan: AppPlan): string {
  return `${HEAD}
// A checkout that never closes: orders at FLOWLENS_DEMO_RATE per second, and every
// FLOWLENS_DEMO_POISON_EVERY-th one for a discontinued item, which fulfilment cannot ship.
import { randomInt, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProducerContext } from "./main.js";
import type * as M from "./models.js";

const RATE = Number(process.env.${HANDLER_ENV.rate}) || ${DEMO_DEFAULTS.rate};
const POISON_EVERY = Number(process.env.${HANDLER_ENV.poisonEvery}) || ${DEMO_DEFAULTS.poisonEvery};
const CATALOGUE = [
  { sku: "SKU-KETTLE", price: 39.9 },
  { sku: "SKU-TEAPOT", price: 24 },
  { sku: "SKU-MUG", price: 8.5 },
  { sku: "SKU-FILTERS", price: 4.25 },
] as const;

function order(n: number): M.OrderPlaced {
  const items: M.OrderItem[] = [];
  let total = 0;
  for (let i = randomInt(1, 4); i > 0; i--) {
    const product = CATALOGUE[randomInt(CATALOGUE.length)]!;
    const quantity = randomInt(1, 4);
    items.push({ sku: product.sku, quantity });
    total += product.price * quantity;
  }
  if (n % POISON_EVERY === POISON_EVERY - 1) items.push({ sku: ${JSON.stringify(POISON_SKU_PREFIX)} + randomInt(1000, 10_000), quantity: 1 });
  return { orderId: randomUUID(), customerId: \`customer-\${randomInt(1, 500)}\`, items, total: Math.round(total * 100) / 100, currency: "EUR" };
}

export async function ${onlyProducer(plan)}(ctx: ProducerContext): Promise<void> {
  const start = Date.now();
  for (let n = 0; !ctx.signal.aborted; n++) {
    const placed = order(n);
    try {
      await ctx.publisher.${sender(plan, "OrderPlaced")}(placed, { key: placed.orderId, headers: { "x-correlation-id": randomUUID() } });
    } catch (error) {
      if (ctx.signal.aborted) return; // the producer was disconnected under us by the shutdown
      throw error;
    }
    // Paced against the start, so slow sends do not lower the rate.
    const wait = start + ((n + 1) * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
}
`;
}

function enrichHandlers(plan: AppPlan): string {
  return `${HEAD}
// Looks the customer up (here: derives a tier and an address from the id) and passes the order on.
import { createHash } from "node:crypto";
import { emit } from "./messages.js";
import type * as M from "./models.js";
import type { Received } from "./runtime.js";

const TIERS: readonly M.CustomerTier[] = ["standard", "standard", "standard", "gold", "platinum"];
const ADDRESSES: readonly M.ShippingAddress[] = [
  { line1: "12 Canal Street", city: "Amsterdam", postcode: "1012 AB", country: "NL" },
  { line1: "4 Rue des Lilas", city: "Lyon", postcode: "69003", country: "FR" },
  { line1: "88 Elm Road", city: "Leeds", postcode: "LS1 4AP", country: "GB" },
  { line1: "7 Lindenweg", city: "Hamburg", postcode: "20095", country: "DE" },
];

export async function ${onlySubscription(plan)}(event: Received<M.OrderPlaced, "OrderPlaced">) {
  const n = createHash("sha256").update(event.payload.customerId).digest().readUInt32BE(0);
  return emit.${factory(plan, "OrderEnriched")}({
    ...event.payload,
    customerTier: TIERS[n % TIERS.length]!,
    shippingAddress: ADDRESSES[n % ADDRESSES.length]!,
  });
}
`;
}

function fulfilmentHandlers(plan: AppPlan): string {
  if (!plan.groups[0]?.deadLetterTopic) throw new Error(`${plan.app} needs a dead-letter queue for the poison orders`);
  return `${HEAD}
// Ships orders, and refuses those with a discontinued item: after the retries they are dead-lettered.
import type * as M from "./models.js";
import { log, type Received } from "./runtime.js";

export class OutOfStockError extends Error {
  override name = "OutOfStockError";
}

export async function ${onlySubscription(plan)}(event: Received<M.OrderEnriched, "OrderEnriched">): Promise<void> {
  const gone = event.payload.items.find((item) => item.sku.startsWith(${JSON.stringify(POISON_SKU_PREFIX)}));
  if (gone) throw new OutOfStockError(\`\${gone.sku} is discontinued; order \${event.payload.orderId} cannot be shipped\`);
  log.debug("shipped", { key: event.key, orderId: event.payload.orderId, city: event.payload.shippingAddress.city });
}
`;
}

function paymentHandlers(plan: AppPlan): string {
  return `${HEAD}
// Charges each order through a slow payment gateway (FLOWLENS_DEMO_SLOW_MS per order): the group
// reads slower than orders arrive, so its lag grows and its status turns to WARN.
import { setTimeout as sleep } from "node:timers/promises";
import type * as M from "./models.js";
import { log, type Received } from "./runtime.js";

const SLOW_MS = Number(process.env.${HANDLER_ENV.slowMs}) || ${DEMO_DEFAULTS.slowMs};

export async function ${onlySubscription(plan)}(event: Received<M.OrderEnriched, "OrderEnriched">): Promise<void> {
  await sleep(SLOW_MS);
  log.debug("charged", { key: event.key, orderId: event.payload.orderId, total: event.payload.total, currency: event.payload.currency });
}
`;
}

/** What each application of the sample flow does in the demo. */
const ROLES: Record<string, (plan: AppPlan) => string> = {
  "order-service": producerHandlers,
  "enrich-order": enrichHandlers,
  fulfilment: fulfilmentHandlers,
  [SLOW_APP]: paymentHandlers,
};

/** The demo's src/handlers.ts per application name. Throws when the flow is not the sample's shape. */
export function demoHandlers(doc: FlowDoc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [app, render] of Object.entries(ROLES)) out.set(app, render(planApp(doc, app)));
  return out;
}
