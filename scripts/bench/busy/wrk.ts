import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** What `write-mix.lua` counted in one wrk run (its `done` sums every thread). */
export interface WrkResult {
  /** Answers received (every status), as wrk counts them. */
  requests: number;
  durationUs: number;
  /** Answers per HTTP status, e.g. `{ "200": 4100, "201": 450 }`. */
  statuses: Record<string, number>;
  /** 5xx answers per `<status> <error code of the body>`, e.g. `{ "500 SHOP_ERR_INTERNAL": 3 }`. */
  codes: Record<string, number>;
  /** Requests built per kind (sent; the last few may be unanswered when the time is up). */
  kinds: Record<string, number>;
  /** Socket-level failures and timeouts (no answer); `status` = answers that were not 2xx/3xx. */
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface WrkRun {
  wrk: string;
  url: string;
  connections: number;
  threads: number;
  seconds: number;
  /** The monolith's SHOP_ADMIN_TOKEN. */
  adminToken: string;
  products: number;
  categories: number;
  /** Makes the SKUs of POST /products unique across runs. */
  tag: string;
}

const SCRIPT = join(__dirname, "write-mix.lua");

/** The wrk binary (PATH, then the Debian location), or null when it is not installed. */
export function findWrk(searchPath = process.env.PATH ?? ""): string | null {
  for (const dir of [...searchPath.split(delimiter).filter(Boolean), "/usr/bin", "/usr/local/bin"]) {
    try {
      accessSync(join(dir, "wrk"), constants.X_OK);
      return join(dir, "wrk");
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs wrk with the write mix for `seconds` and returns what the script counted. */
export function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = [
    `-t${Math.min(run.threads, run.connections)}`,
    `-c${run.connections}`,
    `-d${run.seconds}s`,
    "--timeout",
    "30s",
    "-s",
    SCRIPT,
    run.url,
    "--",
    run.adminToken,
    String(run.products),
    String(run.categories),
    run.tag,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(run.wrk, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.split("\n").find((text) => text.startsWith("BUSY_RESULT "));
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}:\n${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice("BUSY_RESULT ".length)) as WrkResult);
    });
  });
}
