import { z } from "zod";
// The module itself, not the platform barrel: the CLI bundles this file and must not load express or winston.
import { parseConfig } from "./config-error";
import { isPostgresUrl } from "./postgres-options";

/**
 * Reading configuration from environment variables, one way for every deployable.
 *
 * THE RULE: a variable that is empty (or only whitespace) counts as unset. Its default applies; a
 * variable without a default is then missing. `PROXY_PORT=` therefore means port 8080, exactly as
 * leaving it out does: never "port 0" (any free port), which is what a number parsed from "" would
 * be. Why: `FOO=` in an env file, a compose file or a systemd unit, or `FOO=$UNSET_VAR` in a shell,
 * is how people leave a variable "not set"; the route table's `${VAR:-default}` and the shell read
 * it that way too, and no variable of ours has a meaningful blank value. A value that is set is
 * never silently replaced: a bad one stops the start with a ConfigError naming the variable and the
 * fix.
 *
 * No express/winston import here (only zod and ./config-error): the `strangler` CLI imports this
 * file directly.
 */

/** The environment as a deployable reads it (the process's environment, or a test's object). */
export type EnvInput = Readonly<Record<string, string | undefined>>;

/** True when `value` counts as set (THE RULE): not undefined, not empty, not only whitespace. */
export function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/** The variables of `env` that are set by THE RULE (blank ones left out), as a plain object. */
export function presentVariables(env: EnvInput): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (isSet(value)) present[name] = value;
  return present;
}

/**
 * Parses the environment with `schema` (an object schema of variables, optionally with a
 * `.transform` into the deployable's settings) after applying THE RULE. Throws a ConfigError with
 * one line per bad variable: `environment: <VARIABLE>: <problem>. Fix: <fixes[VARIABLE]>`.
 * The result is deep-frozen.
 */
export function readEnv<T extends z.ZodType>(schema: T, env: EnvInput, fixes: Readonly<Record<string, string>> = {}): Readonly<z.output<T>> {
  return parseConfig(schema, presentVariables(env), "environment", fixes);
}

/** Winston's levels, the values every `LOG_LEVEL` accepts. */
export const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Shortest token accepted wherever a token is checked (admin, shop admin, metrics tokens). */
export const MIN_TOKEN_LENGTH = 16;

const PORT_MAX = 65535;

/** Options of `envVar.port`. */
export interface PortOptions {
  /** 0 is accepted and means "any free port" (only for a deployable that listens on it; never for one that connects to it). */
  anyFree?: boolean;
}

function portRange(options: PortOptions): string {
  return options.anyFree ? `from 0 to ${PORT_MAX} (0 = any free port)` : `from 1 to ${PORT_MAX}`;
}

/** A variable that must be set (no default): missing or blank reads "is required". */
const required = (message: string) => z.string({ error: (issue) => (issue.input === undefined ? "is required" : message) });

const DATABASE_URL_PROBLEM = "must be a postgres:// or postgresql:// URL";

const NATS_URL_PROBLEM = "must be a nats:// or tls:// URL, or several separated by commas (nats://127.0.0.1:4222,nats://127.0.0.1:4223)";
/** One server of NATS_URL. */
const NATS_SERVER = z.url({ protocol: /^(nats|tls)$/ });

/**
 * Field helpers of the environment schemas. Each returns a zod schema of one variable; a helper
 * with a `fallback` has that default, the others are required unless the caller adds `.optional()`.
 */
export const envVar = Object.freeze({
  /** A TCP port in decimal digits; 0 only with `anyFree`. */
  port(fallback: number, options: PortOptions = {}) {
    const message = `must be a port number ${portRange(options)}`;
    return required(message)
      .trim()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(
        z
          .number()
          .int(message)
          .min(options.anyFree ? 0 : 1, message)
          .max(PORT_MAX, message),
      )
      .default(fallback);
  },
  /** One of winston's levels. */
  logLevel(fallback: LogLevel = "info") {
    return z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default(fallback);
  },
  /** A file or folder path (relative ones resolve against the working folder where the caller resolves them). */
  path(fallback: string) {
    return z.string().min(1).default(fallback);
  },
  /** An interface address to bind or a host name. */
  host(fallback: string) {
    return z.string().min(1).default(fallback);
  },
  /** A bearer token that is checked: at least MIN_TOKEN_LENGTH characters. */
  token() {
    return required(`must be at least ${MIN_TOKEN_LENGTH} characters`).min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters`);
  },
  /** An http:// or https:// URL. */
  httpUrl() {
    return z.url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? "is required" : "must be an http(s) URL") });
  },
  /**
   * The NATS server, or the servers of a cluster: one nats:// or tls:// URL, or several separated by
   * commas (`nats://10.0.0.1:4222,nats://10.0.0.2:4222`). Read as the same list without blanks
   * around the commas; the NATS client (cdc/nats) connects to any of them.
   */
  natsUrl() {
    return required(NATS_URL_PROBLEM)
      .transform((value, ctx) => {
        const servers = value.split(",").map((server) => server.trim());
        if (servers.some((server) => !NATS_SERVER.safeParse(server).success)) {
          ctx.addIssue({ code: "custom", message: NATS_URL_PROBLEM });
          return z.NEVER;
        }
        return servers.join(",");
      });
  },
  /** JetStream replicas of a stream: a whole number from 1 to 5 (JetStream's limit). */
  natsReplicas() {
    const message = "must be a whole number of replicas from 1 to 5";
    return z
      .string()
      .trim()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(z.number().int(message).min(1, message).max(5, message));
  },
  /**
   * A PostgreSQL database: a postgres:// or postgresql:// URL (what the `pg` driver connects to).
   * The problem never repeats the value: it may carry a password.
   */
  databaseUrl() {
    return required(DATABASE_URL_PROBLEM)
      .trim()
      .refine((value) => isPostgresUrl(value) && URL.canParse(value), DATABASE_URL_PROBLEM);
  },
  /** `on` or `off`, read as a boolean. */
  onOff(fallback: "on" | "off") {
    return z
      .enum(["on", "off"], { error: "must be on or off" })
      .default(fallback)
      .transform((value) => value === "on");
  },
});

/** The usual fix texts, so every deployable words the same problem the same way. */
export const envFix = Object.freeze({
  port: (fallback: number, options: PortOptions = {}) => `set a port number ${portRange(options)}, or unset it for the default ${fallback}.`,
  logLevel: `use one of ${LOG_LEVELS.join(", ")} (default info).`,
  token: `use a long random string (at least ${MIN_TOKEN_LENGTH} characters), e.g. \`openssl rand -hex 24\`.`,
  dataDir: "set a writable folder (default ./.strangler).",
  host: "set an interface address such as 127.0.0.1 or 0.0.0.0.",
  routeTable: "set the path of the route table file (default ./strangler.config.json).",
  natsUrl: "give the NATS server's URL, e.g. nats://127.0.0.1:4222, or the servers of a cluster separated by commas (nats://10.0.0.1:4222,nats://10.0.0.2:4222).",
  databaseUrl: "give a PostgreSQL URL, e.g. postgres://shop:secret@127.0.0.1:5432/shop (postgresql:// works too).",
  natsReplicas: "give the replicas of each change stream, 1 to 5 (3 on a cluster of 3 or more servers), or unset it to choose by the cluster the server reports (3 there, else 1).",
});
