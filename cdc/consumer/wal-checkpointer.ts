import { Worker } from "node:worker_threads";

/**
 * The worker's code (plain CommonJS, run with `eval`, so it needs no file of its own whether the
 * library runs through tsx, jest or a bundle): its own better-sqlite3 connection to the target
 * file, a PASSIVE checkpoint every `everyMs`, and a message to the parent when one fails other
 * than busy. PASSIVE never waits for nor blocks the writer: the consumer keeps committing while the
 * WAL is copied back and the file synced on this thread.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.betterSqlite3);
let db = null;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma("busy_timeout = 0");
} catch (err) {
  parentPort.postMessage({ failed: "cannot open " + workerData.file + ": " + String(err && err.message), failures: 1 });
}
let failures = 0;
const timer = db && setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    failures = 0;
  } catch (err) {
    failures += 1;
    if (!/BUSY|locked/i.test(String(err && err.code) + String(err && err.message)) && (failures === 1 || failures % 100 === 0)) {
      parentPort.postMessage({ failed: String(err && err.message), failures });
    }
  }
}, workerData.everyMs);
parentPort.on("message", () => {
  if (timer) clearInterval(timer);
  if (db) db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface WalCheckpointerOptions {
  /** The SQLite database file (in WAL mode). */
  file: string;
  /** Pause between two checkpoints. */
  everyMs: number;
  /** Told when a checkpoint fails for another reason than a busy database (then every 100th failure). */
  onFailure?(message: string, failures: number): void;
}

/**
 * Checkpoints a SQLite target's WAL on a worker thread. A consumer's commits otherwise checkpoint
 * the WAL themselves once it passes `wal_autocheckpoint` pages: copying the pages back and syncing
 * the file inside a commit, on the one thread that also applies changes and answers the broker —
 * each checkpoint held up every change behind it (the commit-to-apply p99) and a busy consumer
 * spent about a quarter of its time there. The consumer's own autocheckpoint stays as a backstop,
 * should this thread fall behind or die.
 */
export class WalCheckpointer {
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.once("exit", () => (this.exited = true));
  }

  static start(options: WalCheckpointerOptions): WalCheckpointer {
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { file: options.file, everyMs: Math.max(10, options.everyMs), betterSqlite3: require.resolve("better-sqlite3") },
    });
    worker.on("message", (message: { failed?: string; failures?: number }) => {
      if (message.failed !== undefined) options.onFailure?.(message.failed, message.failures ?? 1);
    });
    // A worker's error arrives structured-cloned: a SqliteError is a plain object by then.
    worker.on("error", (err: unknown) => options.onFailure?.(String((err as { message?: unknown } | null)?.message ?? err), 1));
    // Never what keeps a process alive.
    worker.unref();
    return new WalCheckpointer(worker);
  }

  /** Stops the timer and closes the worker's connection; resolves once the worker is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    // Held until it is gone: a caller's shutdown that awaits this must not see the process end first.
    this.worker.ref();
    const stopped = new Promise<void>((resolve) => {
      this.worker.once("exit", () => resolve());
      this.worker.on("message", (message: { stopped?: boolean }) => {
        if (message.stopped) void this.worker.terminate();
      });
    });
    this.worker.postMessage("stop");
    await Promise.race([stopped, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.worker.terminate().catch(() => undefined);
  }
}
