import { hostname } from "node:os";
import { Option, type Command } from "commander";
import { adminApiProxyControl, CdcError, DEFAULT_LEASE_MS, WriteGroup } from "../../cdc";
import { CliError } from "./cli-error";
import type { CliContext } from "./cli-context";
import { printJson } from "./output";
import { groupControl } from "./cutover/group-control";
import type { Owner } from "./cutover/ports";
import { CutoverFailed, CutoverRefused, runCutover, type CutoverMode, type CutoverReport, type StepResult } from "./cutover/run-cutover";
import { findWritePath } from "./cutover/write-path-module";

function millis(name: string, min: number, max: number) {
  return (value: string): number => {
    const ms = Number(value);
    if (!/^\d+$/.test(value) || ms < min || ms > max) throw new CliError("CLI_ERR_USAGE", `${name} must be a whole number of milliseconds from ${min} to ${max}.`, 2);
    return ms;
  };
}

interface CutoverFlags {
  to?: Owner;
  resume?: boolean;
  abort?: boolean;
  reason?: string;
  drainTimeout: number;
  lease: number;
  json?: boolean;
}

function modeOf(options: CutoverFlags): CutoverMode {
  const chosen = [options.to ? "--to" : null, options.resume ? "--resume" : null, options.abort ? "--abort" : null].filter(Boolean);
  if (chosen.length !== 1) {
    throw new CliError("CLI_ERR_USAGE", `Give exactly one of --to service|monolith (move the writes), --resume (finish an interrupted cut-over) or --abort (undo one)${chosen.length ? `, not ${chosen.join(" and ")}` : ""}.`, 2);
  }
  return options.resume ? "resume" : options.abort ? "abort" : "run";
}

function summary(report: CutoverReport, service: string): string {
  switch (report.outcome) {
    case "moved":
      return `done: ${report.group} writes now go to the ${report.to}; writes were refused for ${report.fencedMs} ms; drained through position ${report.drainedThrough}.`;
    case "already":
      return `${report.group} already writes to the ${report.to}; its fences and routing are as they should be.`;
    case "finished":
      return `finished the interrupted cut-over: the ${report.from} owns ${report.group}.`;
    case "aborted":
      return `undid the interrupted cut-over: the ${report.from} keeps ${report.group}.`;
    case "none":
      return `no interrupted cut-over of ${report.group} (${service}): the ${report.from} owns it.`;
  }
}

/**
 * `strangler cutover <service|group> --to service|monolith | --resume | --abort`: moves a service's
 * write path under a lease (docs/write-path.md). Prints each step; on a failure before the commit
 * every step taken is undone (exit 1); exit 3 when an undo or the finishing after the commit failed
 * (the message says what the service's keeper will settle).
 */
export function cutoverCommand(program: Command, context: CliContext): void {
  program
    .command("cutover <service>")
    .description("move a service's writes (its write route group) to the service or back to the monolith under a lease: fence, drain, verify, commit, finish; undone on any failure before the commit")
    .addOption(new Option("--to <side>", "the side that owns the writes afterwards").choices(["service", "monolith"]))
    .option("--resume", "finish an interrupted cut-over (its holder died): as the ownership record says")
    .option("--abort", "undo an interrupted cut-over that had not committed")
    .option("--reason <text>", "why (kept in the proxy's audit log, the lease and the fence rows)")
    .option("--drain-timeout <ms>", "how long to wait for the losing side's changes to arrive (default 30000)", millis("--drain-timeout", 100, 600_000), 30_000)
    .option("--lease <ms>", `lease length: if this command dies, its fences are settled after this long (default ${DEFAULT_LEASE_MS})`, millis("--lease", 1000, 600_000), DEFAULT_LEASE_MS)
    .option("--json", "print the report as JSON")
    .action(async (name: string, options: CutoverFlags) => {
      const mode = modeOf(options);
      const config = context.config();
      const found = findWritePath(name);
      const reason = options.reason ?? (mode === "run" ? `strangler cutover ${found.writeGroup} --to ${options.to}` : `strangler cutover ${found.writeGroup} --${mode}`);
      const path = await found.open({ ...config.routeTableEnv, STRANGLER_DATA_DIR: config.dataDir }).catch((err: unknown) => {
        throw err instanceof CdcError ? new CliError(err.code, err.message) : err;
      });
      const proxy = adminApiProxyControl({ url: config.adminUrl, token: config.adminToken, actor: "strangler-cli" });
      const group = new WriteGroup(path, { proxy, leaseMs: options.lease });
      const abort = new AbortController();
      const interrupt = () => {
        process.stderr.write("interrupted: undoing the steps taken so far (after the commit: finishing)…\n");
        abort.abort("interrupted by the operator");
      };
      process.once("SIGINT", interrupt);
      const say = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      say(mode === "run" ? `cutover ${found.writeGroup} (${found.service}) → ${options.to}` : `cutover ${found.writeGroup} (${found.service}) --${mode}`);
      try {
        const report = await runCutover({
          control: groupControl(group, options.drainTimeout),
          mode,
          to: options.to,
          reason,
          holder: `strangler-cutover:${hostname()}:${process.pid}`,
          leaseMs: options.lease,
          service: found.service,
          signal: abort.signal,
          onStep: (step: StepResult) => say(`  ✔ ${step.name}${step.detail ? `: ${step.detail}` : ""} (${step.ms} ms)`),
        });
        if (options.json) return printJson(report);
        say(summary(report, found.service));
      } catch (err) {
        if (err instanceof CutoverFailed) throw new CliError("CLI_ERR_CUTOVER_FAILED", err.message, err.committed || err.undoFailures.length > 0 ? 3 : 1);
        if (err instanceof CutoverRefused) throw new CliError("CLI_ERR_CUTOVER_REFUSED", err.message);
        if (err instanceof CdcError) throw new CliError(err.code, err.message);
        throw err;
      } finally {
        process.removeListener("SIGINT", interrupt);
        await path.close();
      }
    });
}
