import { Option, type Command } from "commander";
import { CdcError } from "../../cdc";
import { CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import { printJson } from "./output";
import { CutoverFailed, CutoverRefused, runCutover, type StepResult } from "./cutover/run-cutover";
import { adminProxyControl } from "./cutover/proxy-control";
import { writePathControl } from "./cutover/database-control";
import { findWritePath } from "./cutover/write-path-module";
import type { Owner } from "./cutover/ports";

function millis(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 100 || ms > 600_000) throw new CliError("CLI_ERR_USAGE", "--drain-timeout must be a whole number of milliseconds from 100 to 600000.", 2);
  return ms;
}

/**
 * `strangler cutover <service|group> --to service|monolith`: moves a service's write path (see
 * docs/write-path.md). Prints each step; on failure every step taken is undone and the exit code
 * is 1 (3 when an undo failed too: the message says what to fix).
 */
export function cutoverCommand(program: Command, context: CliContext): void {
  program
    .command("cutover <service>")
    .description("move a service's writes (its write route group) to the service or back to the monolith: fence, drain, verify, flip, open; undone on any failure")
    .addOption(new Option("--to <side>", "the side that owns the writes afterwards").choices(["service", "monolith"]).makeOptionMandatory())
    .option("--reason <text>", "why (kept in the proxy's audit log and the fence rows)")
    .option("--drain-timeout <ms>", "how long to wait for the losing side's changes to arrive (default 30000)", millis, 30_000)
    .option("--json", "print the report as JSON")
    .action(async (name: string, options: { to: Owner; reason?: string; drainTimeout: number; json?: boolean }) => {
      const config = context.config();
      const found = findWritePath(name);
      const reason = options.reason ?? `strangler cutover ${found.writeGroup} --to ${options.to}`;
      const path = await found.open({ ...config.routeTableEnv, STRANGLER_DATA_DIR: config.dataDir }).catch((err: unknown) => {
        throw err instanceof CdcError ? new CliError(err.code, err.message) : err;
      });
      const abort = new AbortController();
      const interrupt = () => {
        process.stderr.write("interrupted: undoing the steps taken so far…\n");
        abort.abort();
      };
      process.once("SIGINT", interrupt);
      const say = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      say(`cutover ${found.writeGroup} (${found.service}) → ${options.to}`);
      try {
        const report = await runCutover({
          group: found.writeGroup,
          to: options.to,
          reason,
          proxy: adminProxyControl(context.admin()),
          db: writePathControl(path, options.drainTimeout),
          signal: abort.signal,
          onStep: (step: StepResult) => say(`  ✔ ${step.name}${step.detail ? `: ${step.detail}` : ""} (${step.ms} ms)`),
        });
        if (options.json) return printJson(report);
        say(
          report.outcome === "already"
            ? `${found.writeGroup} already writes to the ${options.to}; its fences are as they should be.`
            : `done: ${found.writeGroup} writes now go to the ${report.to}; writes were refused for ${report.fencedMs} ms; drained through position ${report.drainedThrough}.`,
        );
      } catch (err) {
        if (err instanceof CutoverFailed) throw new CliError("CLI_ERR_CUTOVER_FAILED", err.message, err.undoFailures.length > 0 ? 3 : 1);
        if (err instanceof CutoverRefused) throw new CliError("CLI_ERR_CUTOVER_REFUSED", err.message);
        if (err instanceof CdcError) throw new CliError(err.code, err.message);
        throw err;
      } finally {
        process.removeListener("SIGINT", interrupt);
        await path.close();
      }
    });
}
