import type { Metadata } from "next";

export const metadata: Metadata = { title: "Observe" };

export default function ObservePage() {
  return (
    <section className="stack">
      <h1>Observe</h1>
      <div className="empty">
        <h2>No cluster connected</h2>
        <p className="muted">
          Live lag, group health, throughput and dead letters appear here once a flow is linked to a Kafka cluster.
        </p>
      </div>
    </section>
  );
}
