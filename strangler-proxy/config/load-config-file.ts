import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, parseConfig } from "../../platform";
import { interpolate } from "./interpolate";
import { CONFIG_FIXES, proxyFileSchema, type ProxyFileConfig } from "./schema";

/** Parses file text (JSON, or YAML for `.yaml`/`.yml`), interpolates `${VAR:-default}`, validates and freezes it. */
export function parseConfigText(text: string, source: string, env: Readonly<Record<string, string | undefined>>): Readonly<ProxyFileConfig> {
  let raw: unknown;
  try {
    raw = [".yaml", ".yml"].includes(extname(source)) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`Invalid configuration\n  ${source}: (root): not valid ${extname(source).slice(1) || "JSON"} (${(err as Error).message}). Fix: correct the syntax.`);
  }
  return parseConfig(proxyFileSchema, interpolate(raw, env, source), source, CONFIG_FIXES);
}

/** Reads and validates the route table file; every problem is a ConfigError naming the file and the field. */
export function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>>): Readonly<ProxyFileConfig> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(
      `Invalid configuration\n  ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Fix: create it or set STRANGLER_CONFIG to its path.`,
    );
  }
  return parseConfigText(text, path, env);
}
