import type { z } from "zod";
import { parseInput as parseWith } from "../../../service-kit";
import { validationError } from "../errors";

/** Parses `input` or throws the legacy 400 naming each failing field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, root: string): z.output<T> {
  return parseWith(schema, input, root, validationError);
}
