import { hostname } from "node:os";
import { adminApiProxyControl, CdcError, WriteGroup } from "../../../cdc";
import { CLI_ERROR_CODES, CliError } from "../cli-error";
import { freezeProcess } from "../../../platform";
import type { CliContext } from "../cli-context";
import { printJson } from "../output";
import { groupControl } from "./group-control";
import type { Owner } from "./ports";
import { CutoverFailed, CutoverRefused, runCutover, type CutoverMode, type CutoverReport, type StepResult } from "./run-cutover";
import { findWritePath } from "./write-path-module";

/** The options `strangler cutover` parsed (cutover-command.ts). */
export interface CutoverFlags {
  to?: Owner;
  resume?: boolean;
  abort?: boolean;
  reason?: string;
  drainTimeout: number;
  catchUpStall: number;
  lease: number;
  json?: boolean;
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
 * The work of `strangler cutover` (docs/write-path.md). Runs as TypeScript through tsx even from
 * the compiled bin, because it loads the service's `cli/write-path.ts`: the service's module and
 * this one then share one copy of the cdc library (its classes, its errors).
 */
export async function runCutoverCommand(name: string, mode: CutoverMode, options: CutoverFlags, context: CliContext): Promise<void> {
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
  let stepsPrinted = 0;
  const freezeIfAsked = () => {
    if (config.cutoverFreezeAfter === stepsPrinted) freezeProcess(stepsPrinted === 0 ? "after the header" : `after step ${stepsPrinted}`);
  };
  say(mode === "run" ? `cutover ${found.writeGroup} (${found.service}) → ${options.to}` : `cutover ${found.writeGroup} (${found.service}) --${mode}`);
  freezeIfAsked();
  try {
    const report = await runCutover({
      control: groupControl(group, { drainTimeoutMs: options.drainTimeout, catchUpStallMs: options.catchUpStall }),
      mode,
      to: options.to,
      reason,
      holder: `strangler-cutover:${hostname()}:${process.pid}`,
      leaseMs: options.lease,
      service: found.service,
      signal: abort.signal,
      onStep: (step: StepResult) => {
        say(`  ✔ ${step.name}${step.detail ? `: ${step.detail}` : ""} (${step.ms} ms)`);
        stepsPrinted += 1;
        freezeIfAsked();
      },
      onProgress: say,
    });
    if (options.json) return printJson(report);
    say(summary(report, found.service));
  } catch (err) {
    if (err instanceof CutoverFailed) throw new CliError(CLI_ERROR_CODES.cutoverFailed, err.message, err.committed || err.undoFailures.length > 0 ? 3 : 1);
    if (err instanceof CutoverRefused) throw new CliError(CLI_ERROR_CODES.cutoverRefused, err.message);
    if (err instanceof CdcError) throw new CliError(err.code, err.message);
    throw err;
  } finally {
    process.removeListener("SIGINT", interrupt);
    await path.close();
  }
}
