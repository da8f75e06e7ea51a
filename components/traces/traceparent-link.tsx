"use client";
import Link from "next/link";
import type { HeaderView } from "@/server/observe/dlq";
import { parseTraceparent } from "@/server/observe/traces";
import { shortId, traceHref } from "./trace-view";

/** "Open trace" for a record carrying a W3C traceparent header; nothing otherwise. */
export function TraceparentLink({ headers }: { headers: readonly HeaderView[] }) {
  const header = headers.find((h) => h.key.toLowerCase() === "traceparent" && h.value?.kind === "text");
  const ref = header?.value?.kind === "text" ? parseTraceparent(header.value.text) : null;
  if (!ref) return null;
  return (
    <p className="row traces-open-trace">
      <Link className="button" href={traceHref(ref.traceId)}>
        Open trace
      </Link>
      <span className="muted small">
        trace <code>{shortId(ref.traceId)}</code> from its traceparent header
      </span>
    </p>
  );
}
