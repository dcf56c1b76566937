import { z } from "zod";
import { bodyId, positiveIntString } from "./common.schema";
import { pagingQuery } from "./paging.schema";

/** Highest accepted price: one million in currency units. */
export const MAX_PRICE_CENTS = 100_000_000;

const fields = {
  sku: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, dots, dashes or underscores"),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  priceCents: z.int().min(0).max(MAX_PRICE_CENTS),
  categoryId: bodyId,
  active: z.boolean(),
};

/** Body of `POST /products`. */
export const createProductBody = z.strictObject({
  ...fields,
  description: fields.description.default(""),
  active: fields.active.default(true),
});

/** Body of `PATCH /products/:id`: at least one field. */
export const updateProductBody = z
  .strictObject({
    sku: fields.sku.optional(),
    name: fields.name.optional(),
    description: fields.description.optional(),
    priceCents: fields.priceCents.optional(),
    categoryId: fields.categoryId.optional(),
    active: fields.active.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

/** Sort orders of `GET /products`; a leading dash sorts descending. Ties break on id. */
export const PRODUCT_SORTS = ["id", "price", "-price", "name", "-name"] as const;

/** Query of `GET /products`. */
export const listProductsQuery = pagingQuery.extend({
  categoryId: positiveIntString().optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(PRODUCT_SORTS).default("id"),
  active: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
});

export type CreateProductInput = z.output<typeof createProductBody>;
export type UpdateProductInput = z.output<typeof updateProductBody>;
export type ListProductsQuery = z.output<typeof listProductsQuery>;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
