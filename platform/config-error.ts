import type { z } from "zod";
import { PLATFORM_ERROR_CODES } from "./errors";

/**
 * A configuration value is missing or wrong. The message names where the value came from
 * (a file or the environment), the field, and what to do about it.
 */
export class ConfigError extends Error {
  readonly code = PLATFORM_ERROR_CODES.configInvalid;
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Formats zod issues as one line per field: `<source>: <field>: <problem>`. */
export function configErrorFrom(source: string, error: z.ZodError, fixes: Record<string, string> = {}): ConfigError {
  const lines = error.issues.map((issue) => {
    const field = issue.path.join(".") || "(root)";
    const fix = fixes[field] ? ` Fix: ${fixes[field]}` : "";
    return `${source}: ${field}: ${issue.message}.${fix}`;
  });
  return new ConfigError(`Invalid configuration\n  ${lines.join("\n  ")}`);
}

/**
 * Parses `input` with `schema`; on failure throws a ConfigError naming `source` and each field.
 * The result is deep-frozen: config is read once at the edge and never changed.
 */
export function parseConfig<T extends z.ZodType>(schema: T, input: unknown, source: string, fixes?: Record<string, string>): Readonly<z.output<T>> {
  const result = schema.safeParse(input);
  if (!result.success) throw configErrorFrom(source, result.error, fixes);
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
