import type { Command } from "commander";
import { CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import { printJson, printTable } from "./output";
import type { ReplayAnswer } from "./sync-view";

/** `strangler sync parked` and `strangler sync replay (--key K | --all)`: through the running consumer of each service. */
export function parkedCommands(sync: Command, context: CliContext): void {
  sync
    .command("parked")
    .description("changes a consumer parked after repeated failures (each blocks only its own row)")
    .option("--service <name>", "only this service")
    .option("--json", "print JSON")
    .action(async (options: { service?: string; json?: boolean }) => {
      const services = context.services();
      const answers = await Promise.all(services.endpoints(options.service).map((endpoint) => services.parked(endpoint)));
      const parked = answers.flatMap((answer) => answer.parked.map((change) => ({ service: answer.service, ...change })));
      if (options.json) return printJson({ parked });
      if (parked.length === 0) return void process.stdout.write("no parked changes\n");
      printTable(
        ["SERVICE", "POSITION", "TABLE", "KEY", "OP", "ATTEMPTS", "LAST FAILED", "REASON"],
        parked.map((change) => [change.service, change.position, change.table, change.key, change.op, change.attempts, change.lastFailedAt, change.reason]),
      );
      process.stdout.write(`\nreplay one row: strangler sync replay --key '<KEY>'; all: strangler sync replay --all\n`);
    });

  sync
    .command("replay")
    .description("apply parked changes again, in position order per row (stops a row at its first failure)")
    .option("--key <key>", 'the row\'s key as listed by `sync parked` (e.g. \'{"id":7}\', or just 7)')
    .option("--table <table>", "only this table")
    .option("--all", "every parked change")
    .option("--service <name>", "only this service")
    .option("--json", "print JSON")
    .action(async (options: { key?: string; table?: string; all?: boolean; service?: string; json?: boolean }) => {
      if (Boolean(options.key) === Boolean(options.all)) throw new CliError("CLI_ERR_USAGE", "sync replay needs either --key <key> or --all.", 2);
      const services = context.services();
      const body = { ...(options.key ? { key: options.key } : { all: true as const }), ...(options.table ? { table: options.table } : {}) };
      const answers: ReplayAnswer[] = [];
      for (const endpoint of services.endpoints(options.service)) answers.push(await services.replay(endpoint, body));
      if (options.json) printJson({ results: answers });
      else for (const answer of answers) process.stdout.write(`${answer.service}: replayed ${answer.replayed}, still parked ${answer.stillParked}\n`);
      const stuck = answers.filter((answer) => answer.stillParked > 0);
      if (stuck.length > 0) {
        throw new CliError("CLI_ERR_REPLAY_INCOMPLETE", `some changes are still parked (${stuck.map((answer) => answer.service).join(", ")}): \`strangler sync parked\` shows the new reason`);
      }
    });
}
