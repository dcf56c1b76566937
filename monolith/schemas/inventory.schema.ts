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

/** An idempotency key: 1–128 letters, digits, `.`, `_`, `:` or `-` (a UUID fits). */
export const movementKey = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "1 to 128 letters, digits, '.', '_', ':' or '-'");

/** `/inventory/movements/:key` path parameters. */
export const movementParams = z.object({ key: movementKey });

/**
 * Body of `POST /inventory/movements`: the key and 1–50 lines, one per product, each a signed
 * non-zero change (negative takes stock).
 */
export const stockMovementBody = z.strictObject({
  key: movementKey,
  lines: z
    .array(z.strictObject({ productId: z.int().min(1).max(2_147_483_647), delta: adjustStockBody.shape.delta }))
    .min(1)
    .max(50)
    .refine((lines) => new Set(lines.map((line) => line.productId)).size === lines.length, "each product at most once"),
});

export type StockMovementInput = z.output<typeof stockMovementBody>;
