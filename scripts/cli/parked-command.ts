import { userInfo } from "node:os";
import type { Command } from "commander";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import { printJson, printTable } from "./output";
import type { ReplayAnswer } from "../../contracts";

/** Who runs the CLI, for the discard audit: `strangler-cli:<login>`. */
function cliActor(): string {
  let login: string | undefined;
  try {
    login = userInfo().username;
  } catch {
    login = process.env.USER ?? process.env.LOGNAME;
  }
  return `strangler-cli${login ? `:${login}` : ""}`;
}

interface DiscardFlags {
  key?: string;
  reason?: string;
  table?: string;
  source?: string;
  service?: string;
  json?: boolean;
}

/**
 * `strangler sync parked`, `strangler sync replay (--key K | --all)` and `strangler sync discard
 * --key K --reason R`: through the running consumer of each service.
 */
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
      if (Boolean(options.key) === Boolean(options.all)) throw new CliError(CLI_ERROR_CODES.usage, "sync replay needs either --key <key> or --all.", 2);
      const services = context.services();
      const body = { ...(options.key ? { key: options.key } : { all: true as const }), ...(options.table ? { table: options.table } : {}) };
      const answers: ReplayAnswer[] = [];
      for (const endpoint of services.endpoints(options.service)) answers.push(await services.replay(endpoint, body));
      if (options.json) printJson({ results: answers });
      else for (const answer of answers) process.stdout.write(`${answer.service}: replayed ${answer.replayed}, still parked ${answer.stillParked}\n`);
      const stuck = answers.filter((answer) => answer.stillParked > 0);
      if (stuck.length > 0) {
        throw new CliError(CLI_ERROR_CODES.replayIncomplete, `some changes are still parked (${stuck.map((answer) => answer.service).join(", ")}): \`strangler sync parked\` shows the new reason`);
      }
    });

  sync
    .command("discard")
    .description("drop a row's parked changes for good (the one that can never apply and those held behind it), audited in the service; the row's next change then applies")
    .option("--key <key>", 'the row\'s key as listed by `sync parked` (e.g. \'{"id":7}\', or just 7)')
    .option("--reason <text>", "why the change is dropped (required; kept with the change in _strangler_discarded_changes)")
    .option("--table <table>", "only this table (needed when the key has parked changes in several tables)")
    .option("--source <source>", "only changes from this source database (needed when the key is parked in both directions)")
    .option("--service <name>", "only this service")
    .option("--json", "print JSON")
    .action(async (options: DiscardFlags) => {
      if (!options.key) throw new CliError(CLI_ERROR_CODES.usage, "sync discard needs --key <key> (as `strangler sync parked` lists it).", 2);
      const reason = options.reason?.trim();
      if (!reason) {
        throw new CliError(CLI_ERROR_CODES.usage, "sync discard needs --reason <text>: a parked change is dropped only with a reason, kept with it in the service's audit table (_strangler_discarded_changes). Nothing was discarded.", 2);
      }
      const services = context.services();
      const filter = { key: options.key, ...(options.table ? { table: options.table } : {}), ...(options.source ? { source: options.source } : {}) };
      // Which service holds the key: exactly one may, a discard is never spread over several by accident.
      const found = await Promise.all(services.endpoints(options.service).map(async (endpoint) => ({ endpoint, parked: (await services.parked(endpoint, filter)).parked })));
      const holding = found.filter((entry) => entry.parked.length > 0);
      if (holding.length === 0) {
        throw new CliError(CLI_ERROR_CODES.nothingParked, `no parked change has the key ${options.key}${options.table ? ` in ${options.table}` : ""}${options.source ? ` from ${options.source}` : ""}: nothing was discarded (\`strangler sync parked\` lists them)`);
      }
      if (holding.length > 1) {
        throw new CliError(CLI_ERROR_CODES.usage, `the key ${options.key} is parked in several services (${holding.map((entry) => entry.endpoint.service).join(", ")}): give --service. Nothing was discarded.`, 2);
      }
      const [{ endpoint }] = holding;
      const answer = await services.discard(endpoint, { ...filter, reason, actor: cliActor() });
      if (options.json) printJson(answer);
      else {
        process.stdout.write(`${answer.service}: discarded ${answer.discarded}, still parked ${answer.stillParked}\n`);
        if (answer.discarded > 0) {
          process.stdout.write(
            `the discarded change(s) are kept in ${answer.service}'s _strangler_discarded_changes with your reason; the row keeps its value from before them until its next change applies (\`strangler verify ${answer.service}\` shows whether it differs)\n`,
          );
        }
      }
      if (answer.discarded === 0) throw new CliError(CLI_ERROR_CODES.nothingParked, `no parked change of the key ${options.key} was left to discard in ${answer.service} (another discard or replay took it)`);
    });
}
