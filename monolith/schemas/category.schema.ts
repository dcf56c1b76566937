import { z } from "zod";

const slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters and digits separated by single dashes");
const name = z.string().trim().min(1).max(200);

/** Body of `POST /categories`. */
export const createCategoryBody = z.strictObject({ slug, name });

/** Body of `PATCH /categories/:id`: at least one field. */
export const updateCategoryBody = z
  .strictObject({ slug: slug.optional(), name: name.optional() })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

export type CreateCategoryInput = z.output<typeof createCategoryBody>;
export type UpdateCategoryInput = z.output<typeof updateCategoryBody>;
