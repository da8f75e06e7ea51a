"use client";
import { skipToken } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useReducer, useState } from "react";
import { errorMessage } from "../error-message";
import type { RedriveView } from "@/server/services/redrive";
import { useTRPC } from "../trpc";
import { browseReducer, idleBrowse } from "./browse-state";
import type { BrowseInput } from "./dlq-form";

/**
 * A bounded read of a DLQ: `read` subscribes to dlq.browse, `stop` unsubscribes (the server's read
 * is aborted with it), and so does the end of the read. Records are folded by browseReducer.
 * A new read waits for the last one to end or be stopped (the Read button is disabled meanwhile).
 */
export function useBrowse() {
  const trpc = useTRPC();
  const [state, dispatch] = useReducer(browseReducer, idleBrowse);
  const [input, setInput] = useState<BrowseInput | null>(null);
  const sub = useSubscription(
    trpc.dlq.browse.subscriptionOptions(input && state.status === "reading" ? input : skipToken, {
      onData: (event) => dispatch({ type: "event", event }),
      onError: (error) => dispatch({ type: "fail", message: errorMessage(error) }),
    }),
  );
  const read = useCallback((next: BrowseInput) => {
    setInput(next);
    dispatch({ type: "start" });
  }, []);
  const stop = useCallback(() => dispatch({ type: "stop" }), []);
  return { state, input, read, stop, reconnecting: state.status === "reading" && sub.status === "connecting" && state.scanned > 0 };
}

/**
 * A redrive job as it runs, for the progress bar; idle while id is null. The server ends the
 * stream when the job ends, and the hook then forgets its data: the last view is kept here.
 */
export function useRedriveWatch(id: string | null) {
  const trpc = useTRPC();
  const [last, setLast] = useState<RedriveView | null>(null);
  const sub = useSubscription(trpc.redrive.watch.subscriptionOptions(id ? { id } : skipToken, { onData: setLast }));
  const job = last && last.id === id ? last : undefined;
  return { job, error: sub.status === "error" ? sub.error : null, connecting: sub.status === "connecting" && !job };
}
