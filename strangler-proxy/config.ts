import { resolve } from "node:path";
import { z } from "zod";
import { envFix, envVar, MIN_TOKEN_LENGTH, readEnv } from "../platform/env";
import { loadConfigFile } from "./config/load-config-file";
import type { ProxyFileConfig } from "./config/schema";

/** A set value with its surrounding whitespace cut off (blank ones are unset already: platform/env.ts). */
const trimmed = z.string().transform((v) => v.trim());

/** Shortest admin token the proxy accepts, however it is started (`npm start` checks the same). */
export const MIN_ADMIN_TOKEN_LENGTH = MIN_TOKEN_LENGTH;
/** How to fix a short admin token, shared by the variable's message and the runtime's check. */
export const ADMIN_TOKEN_FIX = `use a long random string (at least ${MIN_ADMIN_TOKEN_LENGTH} characters), e.g. \`openssl rand -hex 24\`, or unset it on a loopback ADMIN_HOST to use the token kept in <STRANGLER_DATA_DIR>/admin-token.`;

const envSchema = z.object({
  PROXY_PORT: envVar.port(8080, { anyFree: true }),
  ADMIN_PORT: envVar.port(8081, { anyFree: true }),
  PROXY_HOST: envVar.host("127.0.0.1"),
  ADMIN_HOST: envVar.host("127.0.0.1"),
  STRANGLER_CONFIG: envVar.path("./strangler.config.json"),
  STRANGLER_DATA_DIR: envVar.path("./.strangler"),
  STRANGLER_ADMIN_TOKEN: trimmed.pipe(envVar.token()).optional(),
  STRANGLER_FLAGS_URL: trimmed.pipe(envVar.httpUrl()).optional(),
  STRANGLER_FLAGS_TOKEN: trimmed.optional(),
  STRANGLER_RYW_SECRET: trimmed.pipe(envVar.token()).optional(),
  LOG_LEVEL: envVar.logLevel(),
});

const ENV_FIXES: Record<string, string> = {
  PROXY_PORT: envFix.port(8080, { anyFree: true }),
  ADMIN_PORT: envFix.port(8081, { anyFree: true }),
  PROXY_HOST: envFix.host,
  ADMIN_HOST: envFix.host,
  STRANGLER_CONFIG: envFix.routeTable,
  STRANGLER_DATA_DIR: envFix.dataDir,
  STRANGLER_FLAGS_URL: "set the Unleash API base URL, e.g. http://127.0.0.1:8081/api/ (or unset it to host the flag store here).",
  LOG_LEVEL: envFix.logLevel,
  STRANGLER_ADMIN_TOKEN: ADMIN_TOKEN_FIX,
  STRANGLER_RYW_SECRET: `use a long random string (at least ${MIN_TOKEN_LENGTH} characters), the same on every proxy instance, e.g. \`openssl rand -hex 24\`, or unset it to derive the read-your-writes cookie key from the admin token.`,
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
  /** Key of the read-your-writes cookie (STRANGLER_RYW_SECRET); unset: derived from the admin token. */
  readYourWritesSecret?: string;
  logLevel: string;
  /** Names this instance's unleash backup file (`unleash-backup-<instance>.json`). */
  instance: string;
  file: ProxyFileConfig;
}

/**
 * Reads the environment (empty variables count as unset: platform/env.ts) and the route table file;
 * throws ConfigError naming the variable or the field.
 */
export function loadProxyConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ProxyConfig> {
  const vars = readEnv(envSchema, env, ENV_FIXES);
  const configPath = resolve(vars.STRANGLER_CONFIG);
  const file = loadConfigFile(configPath, env);
  return Object.freeze({
    proxy: Object.freeze({ host: vars.PROXY_HOST, port: vars.PROXY_PORT }),
    admin: Object.freeze({ host: vars.ADMIN_HOST, port: vars.ADMIN_PORT, token: vars.STRANGLER_ADMIN_TOKEN }),
    configPath,
    dataDir: resolve(vars.STRANGLER_DATA_DIR),
    flagsUrl: vars.STRANGLER_FLAGS_URL,
    flagsToken: vars.STRANGLER_FLAGS_TOKEN,
    readYourWritesSecret: vars.STRANGLER_RYW_SECRET,
    logLevel: vars.LOG_LEVEL,
    instance: `proxy-${vars.PROXY_PORT}`,
    file,
  });
}
