import { z } from "zod";

// The legacy shop's body rules for catalog writes, restated (the service may not import the
// monolith): the same zod rules give the same 400 answers, field for field.
const MAX_ID = 2_147_483_647;
const MAX_PRICE_CENTS = 100_000_000;

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters and digits separated by single dashes");
const categoryName = z.string().trim().min(1).max(200);

/** Body of `POST /categories`. */
export const createCategoryBody = z.strictObject({ slug, name: categoryName });

/** Body of `PATCH /categories/:id`: at least one field. */
export const updateCategoryBody = z
  .strictObject({ slug: slug.optional(), name: categoryName.optional() })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

const product = {
  sku: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, dots, dashes or underscores"),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  priceCents: z.int().min(0).max(MAX_PRICE_CENTS),
  categoryId: z.int().min(1).max(MAX_ID),
  active: z.boolean(),
};

/** Body of `POST /products`. */
export const createProductBody = z.strictObject({ ...product, description: product.description.default(""), active: product.active.default(true) });

/** Body of `PATCH /products/:id`: at least one field. */
export const updateProductBody = z
  .strictObject({
    sku: product.sku.optional(),
    name: product.name.optional(),
    description: product.description.optional(),
    priceCents: product.priceCents.optional(),
    categoryId: product.categoryId.optional(),
    active: product.active.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

export type UpdateProductBody = z.output<typeof updateProductBody>;
