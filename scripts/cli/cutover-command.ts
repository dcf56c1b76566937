import { Option, type Command } from "commander";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import type { CutoverFlags } from "./cutover/cutover-action";
import type { CutoverMode } from "./cutover/run-cutover";
import { loadTypeScript } from "./typescript-module";

/**
 * The cdc library's DEFAULT_LEASE_MS (cdc/ownership/write-group.ts), kept here so that `--help`
 * does not load the library (cutover-command.test.ts checks they agree).
 */
export const DEFAULT_LEASE_MS = 30_000;

function millis(name: string, min: number, max: number) {
  return (value: string): number => {
    const ms = Number(value);
    if (!/^\d+$/.test(value) || ms < min || ms > max) throw new CliError(CLI_ERROR_CODES.usage, `${name} must be a whole number of milliseconds from ${min} to ${max}.`, 2);
    return ms;
  };
}

function modeOf(options: CutoverFlags): CutoverMode {
  const chosen = [options.to ? "--to" : null, options.resume ? "--resume" : null, options.abort ? "--abort" : null].filter(Boolean);
  if (chosen.length !== 1) {
    throw new CliError(CLI_ERROR_CODES.usage, `Give exactly one of --to service|monolith (move the writes), --resume (finish an interrupted cut-over) or --abort (undo one)${chosen.length ? `, not ${chosen.join(" and ")}` : ""}.`, 2);
  }
  return options.resume ? "resume" : options.abort ? "abort" : "run";
}

/**
 * `strangler cutover <service|group> --to service|monolith | --resume | --abort`: moves a service's
 * write path under a lease (docs/write-path.md). Prints each step; on a failure before the commit
 * every step taken is undone (exit 1); exit 3 when an undo or the finishing after the commit failed
 * (the message says what the service's keeper will settle). The work (cutover/cutover-action.ts)
 * runs as TypeScript through tsx, since it loads the service's own `cli/write-path.ts`.
 */
export function cutoverCommand(program: Command, context: CliContext): void {
  program
    .command("cutover <service>")
    .description("move a service's writes (its write route group) to the service or back to the monolith under a lease: catch up (writes still flow), fence, drain, verify, commit, finish; undone on any failure before the commit")
    .addOption(new Option("--to <side>", "the side that owns the writes afterwards").choices(["service", "monolith"]))
    .option("--resume", "finish an interrupted cut-over (its holder died): as the ownership record says")
    .option("--abort", "undo an interrupted cut-over that had not committed")
    .option("--reason <text>", "why (kept in the proxy's audit log, the lease and the fence rows)")
    .option(
      "--catch-up-stall <ms>",
      "the catch-up before the fence (writes still flow) waits as long as sync makes progress, printing it every 5 s; it gives up, with nothing changed, only after this long without any",
      millis("--catch-up-stall", 100, 3_600_000),
      30_000,
    )
    .option("--drain-timeout <ms>", "the drain inside the fence (writes refused with a retryable 503) is undone if it takes longer than this in all", millis("--drain-timeout", 100, 600_000), 30_000)
    .option("--lease <ms>", "lease length: if this command dies, its fences are settled after this long", millis("--lease", 1000, 600_000), DEFAULT_LEASE_MS)
    .option("--json", "print the report as JSON")
    .action(async (name: string, options: CutoverFlags) => {
      const mode = modeOf(options);
      const { runCutoverCommand } = loadTypeScript<typeof import("./cutover/cutover-action")>("cutover/cutover-action.ts");
      await runCutoverCommand(name, mode, options, context);
    });
}
