// Runs once when the Next.js server starts, before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./server/db/boot");
    await boot();
    // Every cluster's poller starts now, so lag history and /api/metrics do not wait for a viewer.
    const [{ startAllPollers }, { db }] = await Promise.all([import("./server/services/live"), import("./server/db/client")]);
    void startAllPollers(db()).catch((e: unknown) => console.error("flowlens: could not start the cluster pollers:", e));
    // Redrives the last run left unfinished carry on from their checkpoints.
    const { resumeRedriveJobs } = await import("./server/services/redrive");
    void resumeRedriveJobs(db()).catch((e: unknown) => console.error("flowlens: could not resume the redrives:", e));
  }
}
