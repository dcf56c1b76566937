import type { FaultStack } from "./fault-stack";
import { runProcess, type ProcessRun } from "./managed-process";

/** The end of one `strangler` command. */
export interface CliOutcome {
  /** Exit code, or `signal:SIGKILL` when it was killed. */
  exit: string;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real `strangler` bin (`node scripts/cli/bin.js …`) in a process group of its own, with
 * the operator's environment of this stack; its output is appended to `logs/cli.log`.
 */
export function startCli(stack: FaultStack, ...args: string[]): ProcessRun {
  return startCliWithEnv(stack, {}, ...args);
}

/** The same, with variables added to the operator's environment (a failpoint, docs/faults.md). */
export function startCliWithEnv(stack: FaultStack, extra: Record<string, string>, ...args: string[]): ProcessRun {
  return runProcess({ name: "cli", args: ["scripts/cli/bin.js", ...args], env: { ...stack.cliEnv(), ...extra }, logDir: stack.logDir });
}

/** Runs a `strangler` command to its end. */
export async function runCli(stack: FaultStack, ...args: string[]): Promise<CliOutcome> {
  return outcomeOf(startCli(stack, ...args));
}

/** Waits for a started command's end and splits its output. */
export async function outcomeOf(run: ProcessRun): Promise<CliOutcome> {
  const exit = await run.exited;
  const stderr = run.lines.filter((line) => line.startsWith("stderr: ")).map((line) => line.slice("stderr: ".length));
  const stdout = run.lines.filter((line) => !line.startsWith("stderr: "));
  return { exit, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** One line of a command's output, for failure messages. */
export function brief(outcome: CliOutcome): string {
  const text = `${outcome.stderr}\n${outcome.stdout}`.trim().split("\n").filter(Boolean);
  return `exit ${outcome.exit}: ${text.slice(-3).join(" | ").slice(0, 600)}`;
}
