import type { Command } from "commander";
import { PART_HEADERS, partsTable, readPartsView, type PartsView } from "../stack/parts-view";
import type { AdminClient } from "./admin-client";
import type { CliContext } from "./cli-context";
import { printJson, printTable } from "./output";
import type { ReadyAnswer, RoutesAnswer, RouteView } from "./route-view";
import { OWNERSHIP_HEADERS, ownershipTable, readSyncReport, relayLine, STREAM_HEADERS, streamTable, type SyncReport } from "./sync-report";
import type { ShadowReportView } from "./sync-view";

/** The route's shadow samples and match rate; null when the proxy keeps no shadow report. */
async function shadowOf(client: AdminClient, route: RouteView): Promise<{ samples: number; matchRate: number | null } | null> {
  try {
    const report = await client.get<ShadowReportView>(`/routes/${encodeURIComponent(route.id)}/shadow-report?limit=1`);
    return { samples: report.samples, matchRate: report.matchRate };
  } catch {
    return null;
  }
}

/** The stage column: `service`, `monolith (fenced)`, or `monolith (fenced by cutover:catalog, 3s)` when the lease is known. */
export function stageColumn(route: Pick<RouteView, "stage" | "fenced" | "fence">): string {
  if (!route.fenced) return route.stage;
  if (!route.fence) return `${route.stage} (fenced)`;
  return `${route.stage} (fenced by ${route.fence.holder}, ${Math.floor(route.fence.ageMs / 1000)}s)`;
}

const rate = (shadow: { samples: number; matchRate: number | null } | null) =>
  !shadow || shadow.matchRate === null ? "-" : `${(shadow.matchRate * 100).toFixed(shadow.matchRate === 1 ? 0 : 1)}% of ${shadow.samples}`;

/** The PARTS section: each part `npm start` supervises, its state, pid, restarts and uptime. */
function printParts(parts: PartsView): void {
  process.stdout.write(`\nPARTS (npm start, supervisor pid ${parts.supervisorPid})\n`);
  printTable(PART_HEADERS, partsTable(parts.parts));
}

/** `strangler status [--json]`: every route with its stage, counts and match rate; sync per stream; upstream health. */
export function statusCommand(program: Command, context: CliContext): void {
  program
    .command("status")
    .description("every route with its stage, percentage, upstream, request counts and match rate; sync lag per stream; upstream health")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const parts = readPartsView(context.config().dataDir);
      const client = context.admin();
      const [routes, ready] = await Promise.all([client.get<RoutesAnswer>("/routes"), client.probe<ReadyAnswer>("/readyz")]).catch((err: unknown) => {
        // The proxy may be the part that is down: say what the supervisor knows before failing.
        if (parts && !options.json) printParts(parts);
        throw err;
      });
      const shadows = await Promise.all(routes.routes.map((route) => shadowOf(client, route)));
      let sync: SyncReport | { error: string };
      try {
        sync = await readSyncReport(context.services(), context.config());
      } catch (err) {
        sync = { error: (err as Error).message };
      }
      const status = {
        defaultUpstream: routes.defaultUpstream,
        flagsReady: routes.flagsReady,
        upstreams: ready.body?.upstreams ?? {},
        ...(ready.body?.flagSourceError ? { flagSourceError: ready.body.flagSourceError } : {}),
        routes: routes.routes.map((route, i) => ({ ...route, shadow: shadows[i] })),
        sync,
        // The parts `npm start` supervises (its state file); absent when no supervisor runs.
        ...(parts ? { parts: parts.parts } : {}),
      };
      if (options.json) return printJson(status);
      printTable(
        ["ROUTE", "GROUP", "STAGE", "PERCENT", "UPSTREAM", "REQ→MONOLITH", "REQ→SERVICE", "MATCH RATE", "READ-YOUR-WRITES", "PATHS"],
        status.routes.map((route) => [
          route.id,
          route.group ?? "-",
          stageColumn(route),
          `${route.percent}%`,
          route.upstream,
          route.requests.monolith,
          route.requests.service,
          rate(route.shadow),
          readYourWritesColumn(route.readYourWrites),
          `${(route.methods ?? ["*"]).join(",")} ${route.paths.join(" ")}`,
        ]),
      );
      process.stdout.write("\n");
      if ("error" in sync) process.stdout.write(`sync: cannot read (${sync.error})\n`);
      else {
        printTable(STREAM_HEADERS, streamTable(sync.streams));
        for (const relay of sync.relays) process.stdout.write(`${relayLine(relay)}\n`);
        if (sync.ownership.length > 0) {
          process.stdout.write("\n");
          printTable(OWNERSHIP_HEADERS, ownershipTable(sync.ownership));
        }
      }
      process.stdout.write("\n");
      printTable(["UPSTREAM", "HEALTH"], Object.entries(status.upstreams).map(([name, health]) => [name + (name === status.defaultUpstream ? " (default)" : ""), health]));
      process.stdout.write(`\nflags: ${status.flagsReady ? "ready" : "not loaded"}${status.flagSourceError ? ` (flag source error: ${JSON.stringify(status.flagSourceError)})` : ""}\n`);
      if (parts) printParts(parts);
    });
}

/** `off`, `route-to-owner`, or `wait ≤500ms` (older proxies send nothing: `-`). */
function readYourWritesColumn(option: RouteView["readYourWrites"]): string {
  if (!option) return "-";
  return option.mode === "wait" ? `wait ≤${option.maxWaitMs}ms` : option.mode;
}
