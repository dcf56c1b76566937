import type { z } from "zod";
import type { FieldIssue } from "../../platform";
import { validationError } from "../errors";

/**
 * Parses `input` with `schema` or throws a 400 `SHOP_ERR_VALIDATION` naming each failing field
 * (`priceCents`, `lines.1.quantity`; `body` when the body itself is wrong).
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, root = "body"): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw validationError(fieldIssues(result.error, root));
}

/** One entry per zod issue; the path is dotted, unrecognised keys are listed by name. */
export function fieldIssues(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: "is not a known field" }));
    }
    return [{ field: base || root, message: issue.message }];
  });
}
