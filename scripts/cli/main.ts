import { Command, CommanderError } from "commander";
import { AdminClient } from "./admin-client";
import { isCliError, isConfigError } from "./cli-error";
import type { CliContext } from "./cli-context";
import type { CliConfig } from "./config";
import { captureCommand } from "./capture-command";
import { cutoverCommand } from "./cutover-command";
import { diffCommand } from "./diff-command";
import { initCommand } from "./init-command";
import { routeCommand } from "./route-command";
import type { ServiceClient } from "./service-client";
import { statusCommand } from "./status-command";
import { syncCommand } from "./sync-command";
import { verifyCommand } from "./verify-command";

/**
 * Builds the `strangler` command. Registering a command loads only commander and the command's own
 * small module: what a command needs to run (zod for the environment, the route table's loader,
 * better-sqlite3, the cdc library) is loaded when it runs, so `--help` and usage errors start fast.
 */
export function buildProgram(context: CliContext): Command {
  const program = new Command("strangler")
    .description("Operate a strangler-fig migration: route stages, shadow reports, sync.")
    .showHelpAfterError()
    .exitOverride();
  initCommand(program);
  statusCommand(program, context);
  routeCommand(program, () => context.admin());
  diffCommand(program, context);
  syncCommand(program, context);
  verifyCommand(program);
  cutoverCommand(program, context);
  captureCommand(program);
  return program;
}

/** The context of a command run; its parts are created (and their modules loaded) on first use. */
function lazyContext(): CliContext {
  let config: CliConfig | undefined;
  let admin: AdminClient | undefined;
  let services: ServiceClient | undefined;
  const context: CliContext = {
    config: () => (config ??= (require("./config") as typeof import("./config")).readCliConfig(process.env)),
    admin: () => (admin ??= new AdminClient(context.config())),
    services: () => (services ??= new (require("./service-client") as typeof import("./service-client")).ServiceClient(context.config())),
  };
  return context;
}

/** Runs the CLI with `argv` (`[node, script, ...args]`) and resolves with its exit code. */
async function main(argv: string[]): Promise<number> {
  const program = buildProgram(lazyContext());
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (isCliError(err) || isConfigError(err)) {
      process.stderr.write(`error: ${err.message}\n`);
      return isCliError(err) ? err.exitCode : 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
