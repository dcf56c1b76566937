import { syncStatusSchema, type SyncStatus } from "../../contracts";
import { getJson } from "../../platform";
import type { UpstreamConfig } from "../config/schema";
import type { SyncLagReading } from "./evaluate-gate";

/** Reads an upstream's `SyncStatus` (contracts/sync-status.ts) and reduces it to its worst lag; never rejects. */
export async function readSyncLag(upstream: Readonly<UpstreamConfig>, timeoutMs = 2000): Promise<SyncLagReading> {
  if (!upstream.syncStatusPath) return { applicable: false, detail: `upstream "${upstream.name}" has no syncStatusPath configured` };
  try {
    const status = syncStatusSchema.parse(await getJson(new URL(upstream.syncStatusPath, upstream.url).toString(), timeoutMs));
    return { applicable: true, ok: true, ...worstLag(status) };
  } catch (err) {
    return { applicable: true, ok: false, error: err instanceof Error ? err.message.slice(0, 300) : String(err) };
  }
}

/** The highest `lagP99Ms` (null = nothing to apply yet = 0) and the total backlog over the streams. */
export function worstLag(status: SyncStatus): { maxLagP99Ms: number; backlog: number } {
  return {
    maxLagP99Ms: Math.max(0, ...status.streams.map((s) => s.lagP99Ms ?? 0)),
    backlog: status.streams.reduce((sum, s) => sum + s.backlog, 0),
  };
}
