import { spawn } from "node:child_process";
import { relative } from "node:path";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import { serviceFolders, type ServiceFolder } from "./service-directory";

/** The service folder `name`, or a CliError listing the services found under `extracted/`. */
export function serviceFolder(name: string, command: "backfill" | "verify"): ServiceFolder & Required<Pick<ServiceFolder, typeof command>> {
  const folders = serviceFolders();
  const found = folders.find((folder) => folder.name === name);
  if (!found?.[command]) {
    const candidates = folders.filter((folder) => folder[command]).map((folder) => folder.name);
    throw new CliError(CLI_ERROR_CODES.unknownService, `No service "${name}" with cli/${command}-main.ts under extracted/. Services found: ${candidates.join(", ") || "(none)"}`);
  }
  return found as ServiceFolder & Required<Pick<ServiceFolder, typeof command>>;
}

/**
 * Runs a service's command (`process.execPath --import tsx <file>`) with the CLI's environment,
 * its progress streamed to this terminal; fails with the child's exit code when it is not 0. While
 * the command is silent for `quietMs` (verify prints only at the end), a line on stderr says it is
 * still running, so a long run never looks hung.
 */
export async function runServiceProcess(label: string, file: string, args: string[] = [], quietMs = 5000): Promise<void> {
  const started = Date.now();
  process.stderr.write(`${label}: ${relative(process.cwd(), file)}${args.length ? ` ${args.join(" ")}` : ""}\n`);
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let lastOutput = Date.now();
  child.stdout.on("data", (chunk: Buffer) => {
    lastOutput = Date.now();
    process.stdout.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    lastOutput = Date.now();
    process.stderr.write(chunk);
  });
  const ticker = setInterval(() => {
    if (Date.now() - lastOutput >= quietMs) {
      process.stderr.write(`${label}: still running (${Math.round((Date.now() - started) / 1000)} s)\n`);
      lastOutput = Date.now();
    }
  }, 250);
  const code = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  }).finally(() => clearInterval(ticker));
  process.stderr.write(`${label}: finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit code ${code})\n`);
  if (code !== 0) throw new CliError(CLI_ERROR_CODES.commandFailed, `${label} failed (exit code ${code}); its output is above.`, code);
}
