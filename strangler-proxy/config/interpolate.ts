import { ConfigError, isSet } from "../../platform";

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of `value` (deeply) from `env`.
 * A `${VAR}` without default whose variable is unset is an error naming the variable and the field.
 * Unset is the environment's one rule (platform/env.ts): missing, empty or only whitespace.
 */
export function interpolate(value: unknown, env: Readonly<Record<string, string | undefined>>, source: string, path: string[] = []): unknown {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (_match, variable: string, fallback: string | undefined) => {
      const found = env[variable];
      if (isSet(found)) return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(
        `Invalid configuration\n  ${source}: ${path.join(".") || "(root)"}: \${${variable}} is not set. Fix: set ${variable} or write \${${variable}:-default}.`,
      );
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, source, [...path, String(i)]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, env, source, [...path, key])]));
  }
  return value;
}
