import { z } from "zod";

const MAX_STOCK = 1_000_000_000;

/** Body of `PUT /inventory/:productId`: the new absolute quantity. */
export const setStockBody = z.strictObject({ quantity: z.int().min(0).max(MAX_STOCK) });

/** Body of `POST /inventory/:productId/adjustments`: a signed change, never zero. */
export const adjustStockBody = z.strictObject({
  delta: z
    .int()
    .min(-MAX_STOCK)
    .max(MAX_STOCK)
    .refine((delta) => delta !== 0, "must not be zero"),
});

export type SetStockInput = z.output<typeof setStockBody>;
export type AdjustStockInput = z.output<typeof adjustStockBody>;
