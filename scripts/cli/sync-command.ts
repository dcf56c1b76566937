import type { Command } from "commander";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import { printJson, printTable } from "./output";
import { parkedCommands } from "./parked-command";
import { runServiceProcess, serviceFolder } from "./service-process";
import { OWNERSHIP_HEADERS, ownershipTable, readSyncReport, relayLine, STREAM_HEADERS, streamTable } from "./sync-report";

/** `strangler sync status|backfill|parked|replay`: the change-data sync between the monolith and the services. */
export function syncCommand(program: Command, context: CliContext): void {
  const sync = program.command("sync").description("change-data sync: status, backfill, parked changes");

  sync
    .command("status")
    .description("per stream: running, backlog, last applied position, lag, parked changes; the relay's unpublished changes; who owns each write group")
    .option("--service <name>", "only this service")
    .option("--json", "print JSON")
    .action(async (options: { service?: string; json?: boolean }) => {
      const report = await readSyncReport(context.services(), context.config(), options.service);
      if (options.json) printJson(report);
      else {
        printTable(STREAM_HEADERS, streamTable(report.streams));
        for (const relay of report.relays) process.stdout.write(`${relayLine(relay)}\n`);
        if (report.ownership.length > 0) {
          process.stdout.write("\n");
          printTable(OWNERSHIP_HEADERS, ownershipTable(report.ownership));
        }
      }
      const broken = report.streams.filter((row) => row.error || !row.running);
      if (broken.length > 0) {
        throw new CliError(CLI_ERROR_CODES.syncDown, `sync is not running for: ${broken.map((row) => row.service).join(", ")} (start the stack with npm start; the service's log says why)`);
      }
    });

  sync
    .command("backfill <service>")
    .description("copy the monolith's rows into the service's database (extracted/<service>/cli/backfill-main.ts; resumable, progress per chunk)")
    .action(async (name: string) => {
      const folder = serviceFolder(name, "backfill");
      await runServiceProcess(`backfill ${name}`, folder.backfill);
    });

  parkedCommands(sync, context);
}
