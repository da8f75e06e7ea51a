import "server-only";
import type { Db } from "../db/client";
import { orderFulfilmentFlow } from "../flow/samples/order-fulfilment";
import { createFlow } from "./flows";

/** Seeds the sample flow into an empty database, as the first admin. Returns whether it did. */
export async function seedDemo(prisma: Db): Promise<boolean> {
  if ((await prisma.flow.count()) > 0) return false;
  const admin = await prisma.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) return false;
  const doc = orderFulfilmentFlow();
  await createFlow(prisma, admin.id, { name: doc.name, doc });
  return true;
}
