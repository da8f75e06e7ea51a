import "server-only";
import type { Admin } from "kafkajs";
import { ClusterMonitor, recordId, type ClusterLive } from "../observe/monitor";
import { createKafka, type ClusterConfig } from "./client";
import { describeKafkaError } from "./cluster-health";
import { readOffsets, recordTimestamps } from "./offsets";
import { openRecordReader, type RecordReader } from "./records";

// One poller per cluster: it reads offsets every interval and feeds the pure ClusterMonitor.
// Browser tabs, the metrics endpoint and the groups pages all subscribe to the same poller, so more
// viewers never mean more load on the brokers. When the cluster cannot be reached it says so,
// keeps the last figures (marked stale), and keeps trying; nothing needs a restart when the
// brokers come back.

export type PollerState = "connecting" | "ok" | "unreachable";

export interface PollerStatus {
  state: PollerState;
  /** Why the last poll failed, in words for people. */
  error: string | null;
  /** When the current state began. */
  sinceMs: number;
  lastSuccessMs: number | null;
  intervalMs: number;
}

export interface LiveSnapshot {
  clusterId: string;
  status: PollerStatus;
  /** The newest figures; during an outage, the last ones read (see status.lastSuccessMs). */
  live: ClusterLive | null;
}

export interface PollerOptions {
  clusterId: string;
  /** Read on every (re)connect, so changed credentials apply without a restart. */
  config: () => Promise<ClusterConfig>;
  intervalMs: number;
  /** Topics to read besides those the groups consume: designed topics and DLQs. */
  watchTopics?: () => Promise<string[]>;
  /** Record timestamps are refreshed at most this often (they only change when a group moves). */
  stampIntervalMs?: number;
  now?: () => number;
}

type Listener = (s: LiveSnapshot) => void;
type CloseListener = () => void;

export class ClusterPoller {
  readonly monitor = new ClusterMonitor();
  private readonly listeners = new Set<Listener>();
  private readonly closeListeners = new Set<CloseListener>();
  private status: PollerStatus;
  private live: ClusterLive | null = null;
  private admin: Admin | null = null;
  private cfg: ClusterConfig | null = null;
  /** Group-less reads of record timestamps; opened on first need, closed with the admin client. */
  private reader: Promise<RecordReader> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private stamps = new Map<string, number>();
  private stampsInFlight = false;
  private lastStampsMs = 0;
  private readonly now: () => number;

  constructor(private readonly opts: PollerOptions) {
    this.now = opts.now ?? Date.now;
    this.status = { state: "connecting", error: null, sinceMs: this.now(), lastSuccessMs: null, intervalMs: opts.intervalMs };
  }

  get clusterId() {
    return this.opts.clusterId;
  }

  current(): LiveSnapshot {
    return { clusterId: this.opts.clusterId, status: { ...this.status }, live: this.live };
  }

  /**
   * Calls `listener` after every poll, successful or not, and `onClose` once if the poller stops
   * (its cluster was deleted). Returns the unsubscribe function.
   */
  subscribe(listener: Listener, onClose?: CloseListener): () => void {
    this.listeners.add(listener);
    if (onClose) this.closeListeners.add(onClose);
    return () => {
      this.listeners.delete(listener);
      if (onClose) this.closeListeners.delete(onClose);
    };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * New settings for the cluster (brokers, credentials): the next poll connects with them. Lag
   * history, Burrow windows and subscribers are kept; so are the figures until the next poll.
   */
  async reconfigure(): Promise<void> {
    this.stamps.clear();
    this.setState("connecting", null);
    await this.disconnect();
    if (!this.stopped && !this.running && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.start();
    }
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const loop = async () => {
      const began = this.now();
      await this.pollOnce();
      if (this.stopped) return;
      this.timer = setTimeout(loop, Math.max(this.opts.intervalMs - (this.now() - began), 200));
      this.timer.unref?.();
    };
    this.timer = setTimeout(loop, 0);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    const closing = [...this.closeListeners];
    this.closeListeners.clear();
    for (const c of closing) c();
    await this.disconnect();
  }

  /** One poll now (the loop calls this; tests may too). Never throws. */
  async pollOnce(): Promise<LiveSnapshot> {
    if (this.running) return this.current();
    this.running = true;
    try {
      const admin = await this.connect();
      const topics = (await this.opts.watchTopics?.().catch(() => [])) ?? [];
      const snapshot = await readOffsets(admin, { topics });
      this.live = this.monitor.ingest(snapshot, this.stamps);
      this.setState("ok", null);
      this.status.lastSuccessMs = snapshot.atMs;
      this.refreshStamps(this.live);
    } catch (e) {
      this.setState("unreachable", describeKafkaError(e));
      // A fresh client next time: kafkajs does not always recover a broken admin connection.
      await this.disconnect();
    } finally {
      this.running = false;
    }
    // Stopped while this poll was under way: what it connected must not outlive the poller.
    if (this.stopped) {
      await this.disconnect();
      return this.current();
    }
    const snap = this.current();
    for (const l of this.listeners) {
      try {
        l(snap);
      } catch {
        // A failing listener must not stop the poller or the others.
      }
    }
    return snap;
  }

  private setState(state: PollerState, error: string | null) {
    if (this.status.state !== state) this.status.sinceMs = this.now();
    this.status.state = state;
    this.status.error = error;
  }

  private async connect(): Promise<Admin> {
    if (this.admin) return this.admin;
    const cfg = await this.opts.config();
    const kafka = createKafka({ ...cfg, clientId: "flowlens-poller" });
    const admin = kafka.admin();
    try {
      await admin.connect();
    } catch (e) {
      // A failed connect may still hold sockets to the brokers it reached.
      await admin.disconnect().catch(() => undefined);
      throw e;
    }
    this.cfg = cfg;
    this.admin = admin;
    return admin;
  }

  private async disconnect() {
    const admin = this.admin;
    const reader = this.reader;
    this.admin = null;
    this.cfg = null;
    this.reader = null;
    await admin?.disconnect().catch(() => undefined);
    await reader?.then((r) => r.close()).catch(() => undefined);
  }

  /**
   * Reads, in the background, the timestamps of records that groups sit at and that are not known
   * yet, without joining a consumer group. A group that does not move keeps its record, so each is
   * read once; between reads, time lag is interpolated from the log ends.
   */
  private refreshStamps(live: ClusterLive) {
    const wanted = new Map<string, { topic: string; partition: number; offset: number; end: number }>();
    for (const g of live.groups) {
      for (const p of g.partitions) {
        if (p.committed === null || !p.lag) continue;
        wanted.set(recordId(p.topic, p.partition, p.committed), { topic: p.topic, partition: p.partition, offset: p.committed, end: p.end });
      }
    }
    for (const key of this.stamps.keys()) if (!wanted.has(key)) this.stamps.delete(key);
    const missing = [...wanted.entries()].filter(([key]) => !this.stamps.has(key)).map(([, w]) => w);
    const due = this.now() - this.lastStampsMs >= (this.opts.stampIntervalMs ?? 15_000);
    const cfg = this.cfg;
    if (!missing.length || !due || this.stampsInFlight || this.stopped || !cfg) return;
    this.stampsInFlight = true;
    this.lastStampsMs = this.now();
    this.reader ??= openRecordReader({ ...cfg, clientId: "flowlens-poller" });
    const reader = this.reader;
    void (async () => {
      try {
        await recordTimestamps(await reader, missing, 16, (key, t) => {
          if (!this.stopped) this.stamps.set(key, t);
        });
      } catch {
        // Interpolation covers what could not be read; the next round tries again with a fresh reader.
        if (this.reader === reader) this.reader = null;
        await reader.then((r) => r.close()).catch(() => undefined);
      } finally {
        this.stampsInFlight = false;
      }
    })();
  }
}
