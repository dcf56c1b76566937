import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { WriterCommand, WriterReport } from "./writer-main";

/** The bench's writer (writer-main.ts), a process of its own, driven over IPC. */
export class WriterProcess {
  private readonly answers: Array<(report: WriterReport) => void> = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly exit: Promise<number | null>,
  ) {
    child.on("message", (report: WriterReport) => this.answers.shift()?.(report));
  }

  /** Starts a writer on `database` (the monolith's SQLite file or a postgres:// URL); resolves once it is ready. */
  static async start(database: string, seed: number, env: NodeJS.ProcessEnv): Promise<WriterProcess> {
    const child = fork(join(__dirname, "writer-main.ts"), [database, String(seed)], {
      execArgv: ["--import", "tsx"],
      env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      void exit.then((code) => reject(new Error(`the writer exited with ${code} before it was ready`)));
    });
    return new WriterProcess(child, exit);
  }

  get pid(): number {
    if (!this.child.pid) throw new Error("the writer does not run");
    return this.child.pid;
  }

  /** Asks the writer to write; resolves with its report. */
  write(command: Exclude<WriterCommand, { cmd: "stop" }>): Promise<WriterReport> {
    return new Promise((resolve, reject) => {
      this.answers.push(resolve);
      void this.exit.then((code) => reject(new Error(`the writer exited with ${code}`)));
      this.child.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.send({ cmd: "stop" } satisfies WriterCommand);
      await this.exit;
    }
  }
}
