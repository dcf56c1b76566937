import type { OwnershipStatus, StreamSyncStatus } from "../../contracts";
import type { CliConfig } from "./config";
import type { ServiceClient } from "./service-client";
import type { RelayView } from "./sync-view";

/** One stream as a service applies it, or the reason its status could not be read. */
export interface StreamRow extends Partial<StreamSyncStatus> {
  service: string;
  url: string;
  error?: string;
}

/** One write group as its service reports it. */
export interface OwnershipRow extends OwnershipStatus {
  service: string;
}

export interface SyncReport {
  streams: StreamRow[];
  /** Who owns each write group, its fences and any cut-over lease (from the same status answers). */
  ownership: OwnershipRow[];
  /** The source side of each stream seen (changes not yet acknowledged by the broker). */
  relays: RelayView[];
}

/** Reads every service's `GET <syncStatusPath>` (an unreachable one becomes a row with `error`) and the relays' logs. */
export async function readSyncReport(services: ServiceClient, config: CliConfig, only?: string): Promise<SyncReport> {
  const ownership: OwnershipRow[] = [];
  const rows = await Promise.all(
    services.endpoints(only).map(async (endpoint): Promise<StreamRow[]> => {
      try {
        const status = await services.syncStatus(endpoint);
        ownership.push(...(status.ownership ?? []).map((group) => ({ service: endpoint.service, ...group })));
        if (status.streams.length === 0) return [{ service: endpoint.service, url: endpoint.url, error: "no stream: sync is off in this service (NATS_URL unset)" }];
        return status.streams.map((stream) => ({ service: endpoint.service, url: endpoint.url, ...stream }));
      } catch (err) {
        return [{ service: endpoint.service, url: endpoint.url, error: (err as Error).message }];
      }
    }),
  );
  const streams = rows.flat();
  // better-sqlite3 and the relay's progress file (typeorm for a PostgreSQL source), loaded only by the commands that show relays.
  const { readRelayLog } = require("./relay-log") as typeof import("./relay-log");
  const names = [...new Set(streams.map((row) => row.stream).filter((name): name is string => Boolean(name)))];
  const relays = (await Promise.all(names.map((name) => readRelayLog(config, name)))).filter((relay): relay is RelayView => relay !== null);
  return { streams, ownership, relays };
}

export const OWNERSHIP_HEADERS = ["WRITE GROUP", "SERVICE", "OWNER", "FENCED IN MONOLITH", "FENCED IN SERVICE", "CUT-OVER LEASE"];

/** Table rows of the write groups: who owns each, which tables each side fences, a cut-over at work. */
export function ownershipTable(groups: OwnershipRow[], now = Date.now()): Array<Array<string | number>> {
  const list = (tables: string[]) => (tables.length ? tables.join(",") : "-");
  return groups.map((group) => [
    group.group,
    group.service,
    `${group.owner} (epoch ${group.epoch})`,
    list(group.fenced.monolith),
    list(group.fenced.service),
    group.lease
      ? `${group.lease.from === group.lease.to ? "settling" : `${group.lease.from}→${group.lease.to}`} by ${group.lease.holder}, ${Math.round((now - Date.parse(group.lease.startedAt)) / 1000)} s old${group.lease.step ? `, at "${group.lease.step}"` : ""}${group.lease.expired ? ", EXPIRED (the keeper settles it)" : ""}`
      : "-",
  ]);
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? "-" : `${Math.round(value)} ms`);

/** Table rows of the streams: SERVICE, STREAM, RUNNING, BACKLOG, APPLIED TO, LAG P99, HEARTBEAT LAG, PARKED. */
export function streamTable(streams: StreamRow[]): Array<Array<string | number>> {
  return streams.map((row) =>
    row.error
      ? [row.service, "-", "unreachable", "-", "-", "-", "-", `- (${row.error})`]
      : [row.service, row.stream ?? "-", row.running ? "yes" : "no", row.backlog ?? "-", row.lastAppliedPosition ?? "-", ms(row.lagP99Ms), ms(row.heartbeatLagMs), row.parked ?? "-"],
  );
}

export const STREAM_HEADERS = ["SERVICE", "STREAM", "RUNNING", "BACKLOG", "APPLIED TO", "LAG P99", "HEARTBEAT LAG", "PARKED"];

/** One line per relay: what the source logged and what is still waiting for the broker. */
export function relayLine(relay: RelayView): string {
  if (relay.error !== undefined) return `relay ${relay.source}: ${relay.database}: ${relay.error}`;
  const oldest = relay.oldestUnpublishedAgeMs === null ? "" : `, oldest waiting ${ms(relay.oldestUnpublishedAgeMs)}`;
  return `relay ${relay.source}: logged up to position ${relay.lastPosition}, ${relay.unpublished} not yet acknowledged by the broker (published through ${relay.publishedThrough})${oldest}`;
}
