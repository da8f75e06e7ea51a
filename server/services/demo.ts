import "server-only";
import type { Db } from "../db/client";
import { env } from "../env";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { parseBrokers } from "../kafka/client";
import { createCluster, linkFlow, updateCluster } from "./clusters";
import { createFlow } from "./flows";

/** The cluster `npm run demo` registers for its broker. */
export const DEMO_CLUSTER_NAME = "Local demo broker";

/** The demo's broker list: KAFKA_BROKERS when FLOWLENS_DEMO is on. */
function demoBrokers(): { brokers?: string } {
  const e = env();
  return { brokers: e.FLOWLENS_DEMO ? e.KAFKA_BROKERS : undefined };
}

/**
 * Seeds the sample flow into an empty database, as the first admin, and when the demo has a
 * broker, links the sample flow to it (on every start, so a flow seeded design-only gets linked
 * once a broker is there). Returns whether it seeded the flow.
 */
export async function seedDemo(prisma: Db, { brokers } = demoBrokers()): Promise<boolean> {
  const admin = await prisma.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) return false;
  let seeded = false;
  if ((await prisma.flow.count()) === 0) {
    const doc = orderFulfilmentFlow();
    await createFlow(prisma, admin.id, { name: doc.name, doc });
    seeded = true;
  }
  if (brokers) {
    // A convenience: the app runs without it, so a failure here is reported, not thrown.
    await linkDemoCluster(prisma, admin.id, parseBrokers(brokers)).catch((e: unknown) =>
      console.warn(`flowlens: could not link the demo flow to its broker: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
  return seeded;
}

/** Registers the demo's broker as a cluster (once) and links the sample flow to it when the flow is unlinked. */
export async function linkDemoCluster(prisma: Db, actorId: string, brokers: string[]): Promise<void> {
  const plain = { name: DEMO_CLUSTER_NAME, brokers, saslMechanism: null, tls: false, tlsRejectUnauthorized: true };
  let cluster = await prisma.cluster.findUnique({ where: { name: DEMO_CLUSTER_NAME }, select: { id: true, brokers: true, saslMechanism: true, tls: true } });
  if (!cluster) {
    cluster = await createCluster(prisma, actorId, plain);
  } else if (cluster.brokers.join(",") !== brokers.join(",") && !cluster.saslMechanism && !cluster.tls) {
    // The demo's broker moved (another KAFKA_PORT): follow it, unless an admin secured the cluster.
    await updateCluster(prisma, actorId, cluster.id, plain);
  }
  const sample = await prisma.flow.findFirst({ where: { name: orderFulfilmentFlow().name }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, clusterId: true } });
  if (!sample || sample.clusterId) return;
  await linkFlow(prisma, sample.id, cluster.id);
  console.log(`flowlens: linked the demo flow "${sample.name}" to the cluster "${DEMO_CLUSTER_NAME}" (${brokers.join(",")})`);
}
