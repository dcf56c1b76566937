import { rmSync } from "node:fs";
import { DEFAULT_BACKOFF, formatDelay, formatUptime, planRestart, type BackoffPolicy } from "./backoff";
import type { ChildExit, PartProcess } from "./child-process";
import { removePidFile, stateFilePath, writePidFile, writeStackState, type PartState, type PartStateName } from "./stack-files";

/** One part of the stack as the supervisor runs it. */
export interface PartDefinition {
  name: string;
  /** Starts one process of the part (the first one, and each restart). */
  spawn(): PartProcess;
  /**
   * Resolves once the process serves; rejects with why it does not. `first`: the start of
   * `npm start` (a restart may check less, e.g. the proxy's liveness instead of its readiness).
   */
  ready(run: PartProcess, first: boolean): Promise<void>;
  /** What is said when it is back after a restart (e.g. its URL). */
  describe?(): string;
}

export interface SupervisorOptions {
  dataDir: string;
  /** Prints one line on the supervisor's stdout. */
  say(line: string): void;
  policy?: BackoffPolicy;
  now?: () => number;
}

interface Part {
  definition: PartDefinition;
  state: PartStateName;
  run: PartProcess | undefined;
  /** Watched: an exit is restarted (from its first ready on). */
  supervised: boolean;
  restarts: number;
  failuresInARow: number;
  readyAt: number | undefined;
  lastExit: PartState["lastExit"];
  nextRestartAt: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** `name` padded to the label column of `npm start`'s lines. */
export const label = (name: string) => (name.length >= 11 ? `${name} ` : name.padEnd(12));

/** `signal SIGKILL` or `code 1`. */
export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/**
 * Runs the parts of `npm start` like a process manager: each part's process has a pid file
 * (`<dataDir>/stack/<part>.pid`) while it runs; once a part has been ready, an exit that was not
 * asked for is restarted after an exponential backoff, with a line saying so, while the other parts
 * keep serving; every change is written to `<dataDir>/stack/state.json` for `strangler status`.
 */
export class Supervisor {
  private readonly parts: Part[] = [];
  /** Commands meant to end (seed, backfill) while they run. */
  private readonly oneShots = new Set<{ run: PartProcess; stop(): Promise<void> }>();
  private readonly startedAt: string;
  private readonly policy: BackoffPolicy;
  private readonly now: () => number;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.policy ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    this.startedAt = new Date(this.now()).toISOString();
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Starts a part for the first time and resolves once it is ready; throws `<part> did not start:
   * <why>` with its last lines when it is not (the caller stops the stack). From then on, its exits
   * are restarted.
   */
  async start(definition: PartDefinition): Promise<PartProcess> {
    const part: Part = {
      definition,
      state: "starting",
      run: undefined,
      supervised: false,
      restarts: 0,
      failuresInARow: 0,
      readyAt: undefined,
      lastExit: null,
      nextRestartAt: undefined,
      timer: undefined,
    };
    this.parts.push(part);
    const run = this.launch(part);
    try {
      await definition.ready(run, true);
    } catch (err) {
      throw new Error(`${definition.name} did not start: ${(err as Error).message}\n${run.tail()}\n(full log: ${run.logFile})`, { cause: err });
    }
    if (run.hasExited || part.run !== run) throw new Error(`${definition.name} did not start: it exited\n${run.tail()}\n(full log: ${run.logFile})`);
    part.supervised = true;
    part.state = "running";
    part.readyAt = this.now();
    this.writeState();
    return run;
  }

  /**
   * Runs a command that is meant to end (seed, backfill) with a pid file while it runs; resolves
   * with its exit. Not restarted.
   */
  async runOnce(spawnIt: () => PartProcess): Promise<{ run: PartProcess; exit: ChildExit }> {
    const run = spawnIt();
    writePidFile(this.options.dataDir, run.name, run.pid);
    const oneShot = { run, stop: () => run.stop() };
    this.oneShots.add(oneShot);
    try {
      const exit = await run.ended;
      return { run, exit };
    } finally {
      this.oneShots.delete(oneShot);
      removePidFile(this.options.dataDir, run.name, run.pid);
    }
  }

  /** Stops every part in reverse order of start (Ctrl-C, or a failed start), removing their pid files. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const shot of this.oneShots) await shot.stop();
    for (const part of [...this.parts].reverse()) {
      if (part.timer) clearTimeout(part.timer);
      part.timer = undefined;
      part.nextRestartAt = undefined;
      const run = part.run;
      if (run) {
        await run.stop();
        removePidFile(this.options.dataDir, part.definition.name, run.pid);
      }
      part.state = "stopped";
      part.run = undefined;
      this.writeState();
    }
  }

  /** Removes the state file: no supervisor runs any more. */
  removeState(): void {
    rmSync(stateFilePath(this.options.dataDir), { force: true });
  }

  private launch(part: Part): PartProcess {
    const run = part.definition.spawn();
    part.run = run;
    writePidFile(this.options.dataDir, part.definition.name, run.pid);
    this.writeState();
    void run.ended.then((exit) => this.onExit(part, run, exit));
    return run;
  }

  private onExit(part: Part, run: PartProcess, exit: ChildExit): void {
    const name = part.definition.name;
    removePidFile(this.options.dataDir, name, run.pid);
    if (part.run !== run) return;
    const now = this.now();
    part.run = undefined;
    part.lastExit = { code: exit.code, signal: exit.signal, at: new Date(now).toISOString() };
    if (this.stopping || !part.supervised) {
      part.state = "stopped";
      this.writeState();
      return;
    }
    const upMs = part.readyAt === undefined ? 0 : now - part.readyAt;
    const wasReady = part.readyAt !== undefined;
    part.readyAt = undefined;
    const plan = planRestart(this.policy, part.failuresInARow, upMs);
    part.failuresInARow = plan.failuresInARow;
    part.state = "restarting";
    part.nextRestartAt = now + plan.delayMs;
    const ran = wasReady ? `after ${formatUptime(upMs)}` : "before it was ready";
    const tail = wasReady ? "" : `. Its last lines:\n${indent(run.tail())}`;
    this.options.say(`${label(name)}exited (${describeExit(exit)}) ${ran}; restarting in ${formatDelay(plan.delayMs)} (restart ${part.restarts + 1})${tail}`);
    this.writeState();
    part.timer = setTimeout(() => void this.restart(part), plan.delayMs);
  }

  private async restart(part: Part): Promise<void> {
    part.timer = undefined;
    part.nextRestartAt = undefined;
    if (this.stopping) return;
    part.restarts += 1;
    const name = part.definition.name;
    let run: PartProcess;
    try {
      run = this.launch(part);
    } catch (err) {
      // Could not even spawn it (e.g. the log folder is gone): try again later, as after an exit.
      this.options.say(`${label(name)}could not be started again: ${(err as Error).message}`);
      part.failuresInARow += 1;
      part.state = "restarting";
      const delayMs = planRestart(this.policy, part.failuresInARow, 0).delayMs;
      part.nextRestartAt = this.now() + delayMs;
      this.writeState();
      part.timer = setTimeout(() => void this.restart(part), delayMs);
      return;
    }
    try {
      await part.definition.ready(run, false);
    } catch (err) {
      if (part.run !== run || this.stopping || run.hasExited) return;
      // Alive but not serving: kill it; its exit schedules the next attempt.
      this.options.say(`${label(name)}did not come back (${(err as Error).message}); killing pid ${run.pid}`);
      await run.kill();
      return;
    }
    if (part.run !== run || this.stopping || run.hasExited) return;
    part.state = "running";
    part.readyAt = this.now();
    this.writeState();
    const what = part.definition.describe?.();
    this.options.say(`${label(name)}back${what ? `: ${what}` : ""} (pid ${run.pid}, restart ${part.restarts})`);
  }

  private writeState(): void {
    try {
      writeStackState(this.options.dataDir, {
        version: 1,
        supervisor: { pid: process.pid, startedAt: this.startedAt },
        updatedAt: new Date(this.now()).toISOString(),
        parts: this.parts.map((part) => ({
          name: part.definition.name,
          state: part.state,
          pid: part.run?.pid ?? null,
          restarts: part.restarts,
          runningSince: part.state === "running" && part.readyAt !== undefined ? new Date(part.readyAt).toISOString() : null,
          lastExit: part.lastExit,
          nextRestartAt: part.nextRestartAt === undefined ? null : new Date(part.nextRestartAt).toISOString(),
        })),
      });
    } catch (err) {
      this.options.say(`supervisor  cannot write ${stateFilePath(this.options.dataDir)}: ${(err as Error).message}`);
    }
  }
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
