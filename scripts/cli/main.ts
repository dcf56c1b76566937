import { Command, CommanderError } from "commander";
import { ConfigError } from "../../platform";
import { AdminClient } from "./admin-client";
import { CliError } from "./cli-error";
import { readCliConfig } from "./config";
import { routeCommand } from "./route-command";
import { statusCommand } from "./status-command";

/** Builds the `strangler` command; `admin` is created lazily so `--help` needs no config. */
export function buildProgram(admin: () => AdminClient): Command {
  const program = new Command("strangler")
    .description("Operate a strangler-fig migration: route stages, shadow reports, sync.")
    .showHelpAfterError()
    .exitOverride();
  statusCommand(program, admin);
  routeCommand(program, admin);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let client: AdminClient | undefined;
  const program = buildProgram(() => (client ??= new AdminClient(readCliConfig(process.env))));
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
