import type { Status } from "@/server/observe/burrow";

export type StatusTone = "ok" | "warn" | "err" | "none";

/** The colour family of a Burrow status: for badges here and nodes on the canvas. */
export function statusTone(status: Status): StatusTone {
  switch (status) {
    case "OK":
      return "ok";
    case "WARN":
      return "warn";
    case "NOTFOUND":
      return "none";
    default:
      return "err";
  }
}

/** What each status means, after Burrow's consumer lag evaluation rules. */
export const statusExplanations: Readonly<Record<Status, string>> = {
  OK: "OK: the consumer is keeping up (lag is zero or going down)",
  WARN: "WARN: offsets move but the lag has not gone down across the evaluation window",
  ERR: "ERR: at least one partition is stopped, stalled or rewound",
  STOP: "STOP: no commit for longer than the window its last commits took; the consumer seems to have stopped",
  STALL: "STALL: committing the same offset while records arrive",
  REWIND: "REWIND: the committed offset went backwards",
  NOTFOUND: "NOTFOUND: no committed offset here (the group never committed, or is not known)",
};

/** A Burrow status as a word in a coloured pill: the word carries the meaning, the colour only repeats it. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`status-badge tone-${statusTone(status)}`} title={statusExplanations[status]}>
      {status}
    </span>
  );
}
