import { Command, CommanderError } from "commander";
import { ConfigError } from "../../platform";
import { AdminClient } from "./admin-client";
import { CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import { readCliConfig, type CliConfig } from "./config";
import { cutoverCommand } from "./cutover-command";
import { diffCommand } from "./diff-command";
import { routeCommand } from "./route-command";
import { ServiceClient } from "./service-client";
import { statusCommand } from "./status-command";
import { syncCommand } from "./sync-command";
import { verifyCommand } from "./verify-command";

/** Builds the `strangler` command; the context is created lazily so `--help` needs no config. */
export function buildProgram(context: CliContext): Command {
  const program = new Command("strangler")
    .description("Operate a strangler-fig migration: route stages, shadow reports, sync.")
    .showHelpAfterError()
    .exitOverride();
  statusCommand(program, context);
  routeCommand(program, () => context.admin());
  diffCommand(program, context);
  syncCommand(program, context);
  verifyCommand(program);
  cutoverCommand(program, context);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let config: CliConfig | undefined;
  let admin: AdminClient | undefined;
  let services: ServiceClient | undefined;
  const context: CliContext = {
    config: () => (config ??= readCliConfig(process.env)),
    admin: () => (admin ??= new AdminClient(context.config())),
    services: () => (services ??= new ServiceClient(context.config())),
  };
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError || err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n`);
      return err instanceof CliError ? err.exitCode : 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
