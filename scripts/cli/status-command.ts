import type { Command } from "commander";
import type { AdminClient } from "./admin-client";
import { printJson, printTable } from "./output";
import type { ReadyAnswer, RoutesAnswer } from "./route-view";

/** `strangler status [--json]`: every route with its stage, and the health of every upstream. */
export function statusCommand(program: Command, admin: () => AdminClient): void {
  program
    .command("status")
    .description("every route with its stage, percentage, upstream and request counts; upstream health")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const client = admin();
      const [routes, ready] = await Promise.all([client.get<RoutesAnswer>("/routes"), client.probe<ReadyAnswer>("/readyz")]);
      const status = {
        defaultUpstream: routes.defaultUpstream,
        flagsReady: routes.flagsReady,
        upstreams: ready.body?.upstreams ?? {},
        ...(ready.body?.flagSourceError ? { flagSourceError: ready.body.flagSourceError } : {}),
        routes: routes.routes,
      };
      if (options.json) return printJson(status);
      printTable(
        ["ROUTE", "GROUP", "STAGE", "PERCENT", "UPSTREAM", "REQ→MONOLITH", "REQ→SERVICE", "PATHS"],
        status.routes.map((route) => [
          route.id,
          route.group ?? "-",
          route.stage,
          `${route.percent}%`,
          route.upstream,
          route.requests.monolith,
          route.requests.service,
          `${(route.methods ?? ["*"]).join(",")} ${route.paths.join(" ")}`,
        ]),
      );
      process.stdout.write("\n");
      printTable(["UPSTREAM", "HEALTH"], Object.entries(status.upstreams).map(([name, health]) => [name + (name === status.defaultUpstream ? " (default)" : ""), health]));
      process.stdout.write(`\nflags: ${status.flagsReady ? "ready" : "not loaded"}${status.flagSourceError ? ` (flag source error: ${status.flagSourceError})` : ""}\n`);
    });
}
