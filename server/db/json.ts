import type { Prisma } from "@/generated/prisma/client";

/** Validated domain documents are plain JSON; this tells Prisma so at the boundary. */
export function asJson<T extends object>(value: T): Prisma.InputJsonValue {
  return value as unknown as Prisma.InputJsonValue;
}
