import { resolve } from "node:path";
import { z } from "zod";
import { parseConfig } from "../platform";
import { loadConfigFile } from "./config/load-config-file";
import type { ProxyFileConfig } from "./config/schema";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** Shortest admin token the proxy accepts, however it is started (`npm start` checks the same). */
export const MIN_ADMIN_TOKEN_LENGTH = 16;
/** How to fix a short admin token, shared by the variable's message and the runtime's check. */
export const ADMIN_TOKEN_FIX = `use a long random string (at least ${MIN_ADMIN_TOKEN_LENGTH} characters), e.g. \`openssl rand -hex 24\`, or unset it on a loopback ADMIN_HOST to use the token kept in <STRANGLER_DATA_DIR>/admin-token.`;

const envSchema = z.object({
  PROXY_PORT: port(8080),
  ADMIN_PORT: port(8081),
  PROXY_HOST: z.string().min(1).default("127.0.0.1"),
  ADMIN_HOST: z.string().min(1).default("127.0.0.1"),
  STRANGLER_CONFIG: z.string().min(1).default("./strangler.config.json"),
  STRANGLER_DATA_DIR: z.string().min(1).default("./.strangler"),
  STRANGLER_ADMIN_TOKEN: optionalText.pipe(z.string().min(MIN_ADMIN_TOKEN_LENGTH, `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`).optional()),
  STRANGLER_FLAGS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  STRANGLER_FLAGS_TOKEN: optionalText,
  LOG_LEVEL: z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info"),
});

const ENV_FIXES: Record<string, string> = {
  PROXY_PORT: "set a port number 0-65535 (0 = any free port).",
  ADMIN_PORT: "set a port number 0-65535 (0 = any free port).",
  STRANGLER_FLAGS_URL: "set the Unleash API base URL, e.g. http://127.0.0.1:8081/api/ (or unset it to host the flag store here).",
  LOG_LEVEL: "use error, warn, info or debug.",
  STRANGLER_ADMIN_TOKEN: ADMIN_TOKEN_FIX,
};

/** Everything the proxy needs, read once at start and frozen. */
export interface ProxyConfig {
  proxy: { host: string; port: number };
  admin: { host: string; port: number; token?: string };
  /** Absolute path of the route table file. */
  configPath: string;
  /** Folder for flags.sqlite and the unleash backup files. */
  dataDir: string;
  /** When set, flags are read from this Unleash API (another proxy's store or a real Unleash); else this instance hosts the store. */
  flagsUrl?: string;
  flagsToken?: string;
  logLevel: string;
  /** Names this instance's unleash backup file (`unleash-backup-<instance>.json`). */
  instance: string;
  file: ProxyFileConfig;
}

/** Reads the environment and the route table file; throws ConfigError naming the variable or the field. */
export function loadProxyConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ProxyConfig> {
  const vars = parseConfig(envSchema, env, "environment", ENV_FIXES);
  const configPath = resolve(vars.STRANGLER_CONFIG);
  const file = loadConfigFile(configPath, env);
  return Object.freeze({
    proxy: Object.freeze({ host: vars.PROXY_HOST, port: vars.PROXY_PORT }),
    admin: Object.freeze({ host: vars.ADMIN_HOST, port: vars.ADMIN_PORT, token: vars.STRANGLER_ADMIN_TOKEN }),
    configPath,
    dataDir: resolve(vars.STRANGLER_DATA_DIR),
    flagsUrl: vars.STRANGLER_FLAGS_URL,
    flagsToken: vars.STRANGLER_FLAGS_TOKEN,
    logLevel: vars.LOG_LEVEL,
    instance: `proxy-${vars.PROXY_PORT}`,
    file,
  });
}
