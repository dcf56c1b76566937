import { z } from "zod";

// The legacy shop's path and paging rules, restated (the service may not import the monolith): the
// same zod rules give the same 400 answers, field for field.
const MAX_ID = 2_147_483_647;

function positiveIntString(max = MAX_ID) {
  return z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, "must be a positive whole number")
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));
}

/** `/:id` path parameters. */
export const idParams = z.object({ id: positiveIntString() });

/** `page` (1-based) and `pageSize` (1–100, default 20) of the shop's list endpoints. */
export const pagingQuery = z.object({
  page: positiveIntString(1_000_000).default(1),
  pageSize: positiveIntString(100).default(20),
});

/** Most lines and units per line one order may carry (the shop's limits). */
const MAX_ORDER_LINES = 50;
const MAX_LINE_QUANTITY = 1000;

/** Body of `POST /orders`, as the shop defines it: 1–50 lines, each product at most once. */
export const placeOrderBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        productId: z.int().min(1).max(MAX_ID),
        quantity: z.int().min(1).max(MAX_LINE_QUANTITY),
      }),
    )
    .min(1)
    .max(MAX_ORDER_LINES)
    .superRefine((lines, ctx) => {
      const seen = new Set<number>();
      lines.forEach((entry, index) => {
        if (seen.has(entry.productId)) {
          ctx.addIssue({ code: "custom", path: [index, "productId"], message: "appears more than once; put the total quantity on one line" });
        }
        seen.add(entry.productId);
      });
    }),
});
