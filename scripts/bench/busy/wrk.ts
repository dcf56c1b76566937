import { join } from "node:path";
import { findExecutable } from "../proxy/tools";
import { runWrkScript } from "../wrk-process";

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

/** The wrk binary (PATH, then the system folders), or null when it is not installed. */
export function findWrk(searchPath = process.env.PATH ?? ""): string | null {
  return findExecutable("wrk", searchPath) ?? null;
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
  return runWrkScript(run.wrk, args, "BUSY_RESULT") as Promise<WrkResult>;
}
