import { z } from "zod";

// The legacy shop's query rules, restated (the service may not import the monolith): the same
// zod rules give the same 400 answers, field for field.
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

/** Sort orders of `GET /products`; a leading dash sorts descending. Ties break on the legacy id. */
export const PRODUCT_SORTS = ["id", "price", "-price", "name", "-name"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Query of `GET /products`, as the legacy contract defines it. */
export const listProductsQuery = z.object({
  page: positiveIntString(1_000_000).default(1),
  pageSize: positiveIntString(100).default(20),
  categoryId: positiveIntString().optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(PRODUCT_SORTS).default("id"),
  active: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
});
export type ListProductsQuery = z.output<typeof listProductsQuery>;
