import type { Metadata } from "next";

export const metadata: Metadata = { title: "Traces" };

export default function TracesPage() {
  return (
    <section className="stack">
      <h1>Traces</h1>
      <div className="empty">
        <h2>No traces received</h2>
        <p className="muted">Traces of messages moving through your flows appear here once services send OpenTelemetry spans to Flowlens.</p>
      </div>
    </section>
  );
}
