import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { Gauge, Registry } from "prom-client";
import type { Db } from "../db/client";
import { env } from "../env";
import { bearerToken } from "../auth/api-token";
import { severityOrder, STATUSES } from "../observe/burrow";
import { userForApiToken } from "./api-tokens";
import { runningPollers, startAllPollers } from "./live";

// /api/metrics: what the pollers know, in Prometheus's text format, for alerting on lag in
// messages and seconds and on Burrow's status. It reads the pollers' latest figures; a scrape
// never reaches the brokers.

const STATUS_HELP = STATUSES.map((s) => `${severityOrder[s]}=${s}`).join(", ");

const digest = (s: string) => createHash("sha256").update(s).digest();

/** A Prometheus scraper: FLOWLENS_METRICS_TOKEN, or any user's API token, as a Bearer token. */
export async function metricsAuthorized(prisma: Db, authorization: string | null): Promise<boolean> {
  if (!authorization) return false;
  const [scheme, value] = authorization.split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !value) return false;
  const configured = env().FLOWLENS_METRICS_TOKEN;
  if (configured && timingSafeEqual(digest(value), digest(configured))) return true;
  const apiToken = bearerToken(authorization);
  return apiToken ? (await userForApiToken(prisma, apiToken)) !== null : false;
}

export async function metricsText(prisma: Db): Promise<{ contentType: string; body: string }> {
  // Clusters added since the server started get their poller here; running ones are untouched.
  await startAllPollers(prisma);
  const names = new Map((await prisma.cluster.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
  const up = gauge("flowlens_cluster_up", "1 when the last poll of the cluster succeeded, 0 when it was unreachable.", ["cluster"]);
  const lastPoll = gauge("flowlens_cluster_last_success_timestamp_seconds", "When the cluster was last read successfully.", ["cluster"]);
  const groupLag = gauge("flowlens_consumergroup_lag", "Messages the group is behind, summed over the partitions it has committed on.", ["cluster", "group"]);
  const groupLagSeconds = gauge("flowlens_consumergroup_lag_seconds", "The group's largest time lag: now minus the timestamp of the oldest record it has not read.", ["cluster", "group"]);
  const groupStatus = gauge("flowlens_consumergroup_status", `Burrow status of the group (${STATUS_HELP}).`, ["cluster", "group", "status"]);
  const groupMembers = gauge("flowlens_consumergroup_members", "Members of the group.", ["cluster", "group", "state"]);
  const partLag = gauge("flowlens_consumergroup_partition_lag", "Messages behind on one partition (absent where the group never committed).", ["cluster", "group", "topic", "partition"]);
  const partLagSeconds = gauge("flowlens_consumergroup_partition_lag_seconds", "Time lag on one partition.", ["cluster", "group", "topic", "partition"]);
  const partStatus = gauge("flowlens_consumergroup_partition_status", `Burrow status of one partition (${STATUS_HELP}).`, ["cluster", "group", "topic", "partition", "status"]);
  const topicRate = gauge("flowlens_topic_messages_per_second", "Messages produced per second over the last minute.", ["cluster", "topic"]);
  const topicEnd = gauge("flowlens_topic_partition_end_offset", "Log end offset of a partition.", ["cluster", "topic", "partition"]);

  for (const p of runningPollers()) {
    const cluster = names.get(p.clusterId);
    if (cluster === undefined) continue;
    const { status, live } = p.current();
    up.set({ cluster }, status.state === "ok" ? 1 : 0);
    if (status.lastSuccessMs !== null) lastPoll.set({ cluster }, status.lastSuccessMs / 1000);
    // Figures from before an outage would look current to an alert: only fresh ones are exposed.
    if (!live || status.state !== "ok") continue;
    for (const g of live.groups) {
      const group = g.groupId;
      if (g.totalLag !== null) groupLag.set({ cluster, group }, g.totalLag);
      if (g.maxTimeLagMs !== null) groupLagSeconds.set({ cluster, group }, g.maxTimeLagMs / 1000);
      groupStatus.set({ cluster, group, status: g.status }, severityOrder[g.status]);
      groupMembers.set({ cluster, group, state: g.state }, g.members.length);
      for (const part of g.partitions) {
        const labels = { cluster, group, topic: part.topic, partition: String(part.partition) };
        if (part.lag !== null) partLag.set(labels, part.lag);
        if (part.timeLagMs !== null) partLagSeconds.set(labels, part.timeLagMs / 1000);
        partStatus.set({ ...labels, status: part.status }, severityOrder[part.status]);
      }
    }
    for (const t of live.topics) {
      if (t.rate !== null) topicRate.set({ cluster, topic: t.topic }, t.rate);
      for (const part of t.partitions) topicEnd.set({ cluster, topic: t.topic, partition: String(part.partition) }, part.end);
    }
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
