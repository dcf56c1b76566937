import { spawn } from "node:child_process";
import { join } from "node:path";
import { ConfigError } from "../../platform";
import { readCliConfig } from "../cli/config";
import { readTutorialConfig, type TutorialConfig } from "./config";

const BIN = join(__dirname, "..", "cli", "bin.js");

/** A check of a tutorial step that did not hold: the step prints it and exits 1. */
export class StepFailed extends Error {}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** What every step script gets: the stack's URLs and helpers that print what they do. */
export interface Tutorial {
  config: TutorialConfig;
  /** Prints a line of explanation. */
  say(line: string): void;
  /** Prints ✔ when `condition` holds, else fails the step with ✘ and `what`. */
  check(condition: boolean, what: string, detail?: string): void;
  /** Runs `npx strangler <args>`, echoing the command and its output; fails the step on a non-zero exit unless `allowFailure`. */
  strangler(args: string[], options?: { allowFailure?: boolean; quiet?: boolean }): Promise<CliRun>;
  /**
   * A call to the proxy's admin API (with the token the CLI uses: STRANGLER_ADMIN_TOKEN, else
   * `<STRANGLER_DATA_DIR>/admin-token`), echoed as the `curl` that does the same; fails the step
   * unless it answers 2xx.
   */
  admin(method: "GET" | "PUT" | "POST", path: string, body?: unknown): Promise<HttpAnswer>;
  /** GET (or another method) with optional headers and JSON body. */
  http(url: string, init?: { method?: string; headers?: Record<string, string>; body?: unknown }): Promise<HttpAnswer>;
  /** Polls `condition` until it holds; fails the step after `timeoutMs` naming `what`. */
  waitFor(what: string, condition: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
}

async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpAnswer> {
  const headers = { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers };
  const response = await fetch(url, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: "manual", signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

function runCli(config: TutorialConfig, args: string[], echo: boolean): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: config.cliEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      if (echo) process.stdout.write(indent(chunk.toString()));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (echo) process.stdout.write(indent(chunk.toString()));
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const indent = (text: string) => text.replace(/^(?=.)/gm, "    ");

/**
 * Runs one tutorial step: prints its title, runs `body` against the stack `npm start` runs, and
 * exits 0 when every check held, 1 (with the failed check) otherwise.
 */
export function runStep(title: string, body: (t: Tutorial) => Promise<void>): void {
  let config: TutorialConfig;
  try {
    config = readTutorialConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const tutorial: Tutorial = {
    config,
    say: (line) => process.stdout.write(`${line}\n`),
    check(condition, what, detail) {
      if (!condition) throw new StepFailed(`✘ ${what}${detail ? `\n  ${detail}` : ""}`);
      process.stdout.write(`✔ ${what}\n`);
    },
    async strangler(args, options = {}) {
      if (!options.quiet) process.stdout.write(`\n$ npx strangler ${args.join(" ")}\n`);
      const run = await runCli(config, args, !options.quiet);
      if (run.code !== 0 && !options.allowFailure) throw new StepFailed(`✘ npx strangler ${args.join(" ")} exited with ${run.code}\n${run.stderr.trim()}`);
      return run;
    },
    async admin(method, path, body) {
      const data = body === undefined ? "" : ` -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
      process.stdout.write(`\n$ curl -s -X ${method} ${config.adminUrl}${path} -H "authorization: Bearer $(cat ${config.dataDir}/admin-token)"${data}\n`);
      const token = readCliConfig(config.cliEnv).adminToken;
      const answer = await http(`${config.adminUrl}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, body });
      process.stdout.write(indent(`${answer.text}\n`));
      if (answer.status < 200 || answer.status > 299) throw new StepFailed(`✘ ${method} ${path} on the admin API answered ${answer.status}`);
      return answer;
    },
    http,
    async waitFor(what, condition, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition().catch(() => false))) {
        if (Date.now() > deadline) throw new StepFailed(`✘ ${what} (waited ${timeoutMs / 1000} s)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  process.stdout.write(`\n=== ${title} ===\n\n`);
  body(tutorial).then(
    () => {
      process.stdout.write(`\n${title}: done.\n`);
      process.exit(0);
    },
    (err: unknown) => {
      if (err instanceof StepFailed) process.stdout.write(`\n${err.message}\n\n${title}: FAILED (see docs/tutorial.md for what to check).\n`);
      else process.stdout.write(`\n✘ ${err instanceof Error ? err.message : String(err)}\n${title}: FAILED. Is the stack running (npm start)?\n`);
      process.exit(1);
    },
  );
}
