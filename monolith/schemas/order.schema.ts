import { z } from "zod";
import { bodyId } from "./common.schema";

/** Most lines and units per line one order may carry. */
export const MAX_ORDER_LINES = 50;
export const MAX_LINE_QUANTITY = 1000;

const line = z.strictObject({
  productId: bodyId,
  quantity: z.int().min(1).max(MAX_LINE_QUANTITY),
});

/** Body of `POST /orders`: each product at most once. */
export const placeOrderBody = z.strictObject({
  lines: z
    .array(line)
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

export type PlaceOrderInput = z.output<typeof placeOrderBody>;
