import type { z } from "zod";
import type { FieldIssue } from "../../platform";

/** Parses `input` with `schema`, or throws `invalid(fields)`: one issue per failing field, under `root` for the input itself. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, root: string, invalid: (fields: FieldIssue[]) => Error): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw invalid(fieldIssues(result.error, root));
}

function fieldIssues(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: "is not a known field" }));
    return [{ field: base || root, message: issue.message }];
  });
}
