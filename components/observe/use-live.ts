"use client";
import { skipToken } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "../trpc";

/**
 * What a live view needs from a subscription: the newest figures (kept while the link reconnects),
 * an error that ended it (unknown cluster, no permission), and whether it is (re)connecting.
 */
export interface Live<T, E> {
  data: T | undefined;
  error: E | null;
  connecting: boolean;
}

function live<T, E>(sub: { status: string; data: T | undefined; error: E | null | undefined }): Live<T, E> {
  return { data: sub.data, error: sub.status === "error" ? (sub.error ?? null) : null, connecting: sub.status === "connecting" };
}

/** Every consumer group and topic of a cluster, after every poll. Idle while clusterId is null. */
export function useClusterOverview(clusterId: string | null) {
  const trpc = useTRPC();
  return live(useSubscription(trpc.observe.watchCluster.subscriptionOptions(clusterId ? { clusterId } : skipToken)));
}

/** One group with every partition, after every poll. `group` is null when the cluster has no such group. */
export function useGroupDetail(clusterId: string, groupId: string) {
  const trpc = useTRPC();
  return live(useSubscription(trpc.observe.watchGroup.subscriptionOptions({ clusterId, groupId })));
}

/** A flow's linked cluster cut to what its canvas shows; idle unless enabled (the flow is linked). */
export function useFlowLive(flowId: string, enabled: boolean) {
  const trpc = useTRPC();
  return live(useSubscription(trpc.observe.watchFlow.subscriptionOptions(enabled ? { flowId } : skipToken)));
}
