import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import { REPO_ROOT } from "./repo-root";

/** Where the route table's JSON Schema lives in this repository. */
const SCHEMA_FILE = join("strangler-proxy", "config", "strangler.config.schema.json");

interface InitOptions {
  upstream: string;
  name: string;
  file: string;
  force?: boolean;
}

/**
 * `strangler init --upstream <url> [--name N] [--file F] [--force]`: writes the smallest route table
 * that puts an app behind the proxy: one upstream (the default, implied), no routes, and `$schema` so
 * editors complete the rest. Refuses to overwrite a file unless `--force`.
 */
export function initCommand(program: Command): void {
  program
    .command("init")
    .description("write a minimal route table for a new app: one upstream that takes every request, no routes, with $schema (docs/proxy.md)")
    .requiredOption("--upstream <url>", "the app's base URL, with its scheme: http://127.0.0.1:9000")
    .option("--name <name>", "the upstream's name (lowercase letters, digits, dashes)", "monolith")
    .option("--file <path>", "the file to write", "strangler.config.json")
    .option("--force", "overwrite the file if it exists")
    .action((options: InitOptions) => writeRouteTable(options));
}

function writeRouteTable(options: InitOptions): void {
  const url = options.upstream.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new CliError(CLI_ERROR_CODES.usage, `--upstream "${url}" has no scheme. Fix: npx strangler init --upstream http://${url.replace(/^\/+/, "")}`, 2);
  }
  const file = resolve(options.file);
  const schemaPath = relative(dirname(file), join(REPO_ROOT, SCHEMA_FILE)).split(sep).join("/");
  const table = {
    $schema: schemaPath.startsWith(".") ? schemaPath : `./${schemaPath}`,
    upstreams: [{ name: options.name, url }],
    routes: [],
  };
  const text = `${JSON.stringify(table, null, 2)}\n`;
  // The proxy's own loader checks it (loaded here only: zod and yaml are not needed for --help).
  const { parseConfigText } = require("../../strangler-proxy/config/load-config-file") as typeof import("../../strangler-proxy/config/load-config-file");
  parseConfigText(text, options.file, {});
  if (existsSync(file) && !options.force) {
    throw new CliError(CLI_ERROR_CODES.fileExists, `${options.file} already exists; nothing was written. Fix: pass --force to overwrite it, or --file <another path>.`);
  }
  writeFileSync(file, text);
  const shown = relative(process.cwd(), file) || file;
  process.stdout.write(
    `wrote ${shown}: every request goes to ${url} (upstream "${options.name}", the default), no routes yet.\n` +
      `start the proxy:  STRANGLER_CONFIG=${shown} npm run start:proxy   (then: curl -i http://127.0.0.1:8080/)\n`,
  );
}
