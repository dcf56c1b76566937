import { syncHeadSchema, syncStatusSchema, type SyncHead } from "../../contracts";
import { getJson } from "../../platform";
import type { AppliedView } from "./consistent-side";
import { FreshRead } from "./fresh-read";

/** What read-your-writes reads of one upstream: where its log head is, where its sync status is. */
export interface SyncEndpoints {
  name: string;
  /** Absolute URL of `GET /internal/sync/head` (upstream `syncHeadUrl`), when configured. */
  headUrl?: string;
  /** Absolute URL of the sync status (services' `syncStatusPath`), when configured. */
  statusUrl?: string;
}

/**
 * The proxy's view of the sync positions it needs for read-your-writes, read by URL only: each
 * upstream's log head (read fresh after a write: a read that started after the write was answered
 * is at or above its changes) and each service's applied positions (from its sync status; cached,
 * which is safe since they only grow).
 */
export class SyncPositions {
  private readonly heads = new Map<string, FreshRead<SyncHead>>();
  private readonly statuses = new Map<string, FreshRead<void>>();
  private readonly applied = new Map<string, Map<string, AppliedView>>();

  constructor(
    endpoints: readonly SyncEndpoints[],
    private readonly timeoutMs: number,
  ) {
    for (const endpoint of endpoints) {
      const { headUrl, statusUrl } = endpoint;
      if (headUrl) this.heads.set(endpoint.name, new FreshRead(async () => syncHeadSchema.parse(await getJson(headUrl, this.timeoutMs))));
      if (statusUrl) this.statuses.set(endpoint.name, new FreshRead(() => this.readStatus(endpoint.name, statusUrl)));
    }
  }

  /** Whether writes answered by this upstream get a watermark (it has a head endpoint). */
  hasHead(upstream: string): boolean {
    return this.heads.has(upstream);
  }

  /** The upstream's log head, read by a request that started after this call. */
  head(upstream: string): Promise<SyncHead> {
    const reader = this.heads.get(upstream);
    if (!reader) return Promise.reject(new Error(`no syncHeadUrl for upstream ${upstream}`));
    return reader.read();
  }

  /** The last known applied position of `stream` in the service's status (undefined before the first read). */
  appliedOf(service: string, stream: string): AppliedView | undefined {
    return this.applied.get(service)?.get(stream);
  }

  /** Reads the service's status again (coalesced; resolves once a read that started after this call ended, failed or not). */
  refresh(service: string): Promise<void> {
    const reader = this.statuses.get(service);
    return reader ? reader.read().catch(() => undefined) : Promise.resolve();
  }

  private async readStatus(service: string, url: string): Promise<void> {
    const status = syncStatusSchema.parse(await getJson(url, this.timeoutMs));
    const known = this.applied.get(service) ?? new Map<string, AppliedView>();
    for (const stream of status.streams) {
      const before = known.get(stream.stream)?.through ?? null;
      const now = stream.appliedThroughPosition ?? null;
      // A restarted consumer proves again from null: what the database already holds stays applied.
      const through = before === null ? now : now === null ? before : Math.max(before, now);
      known.set(stream.stream, { through, parked: stream.parked });
    }
    this.applied.set(service, known);
  }
}
