import { z } from "zod";

const MAX_ID = 2_147_483_647;

/** A decimal positive integer written as a string (path and query values), e.g. "42". */
export function positiveIntString(max = MAX_ID) {
  return z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, "must be a positive whole number")
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));
}

/** `/:id` path parameters. */
export const idParams = z.object({ id: positiveIntString() });

/** A positive integer id inside a JSON body. */
export const bodyId = z.int().min(1).max(MAX_ID);
