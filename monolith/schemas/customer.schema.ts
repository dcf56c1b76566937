import { z } from "zod";

const email = z
  .email("must be a valid email address")
  .max(254)
  .transform((value) => value.toLowerCase());
const name = z.string().trim().min(1).max(200);
const password = z.string().min(8, "must be at least 8 characters").max(200);

/** Body of `POST /customers`. */
export const registerCustomerBody = z.strictObject({ email, name, password });

/** Body of `PATCH /customers/:id`: at least one field. */
export const updateCustomerBody = z
  .strictObject({ email: email.optional(), name: name.optional(), password: password.optional() })
  .refine((body) => Object.keys(body).length > 0, "must change at least one field");

/** Body of `POST /customers/login`. Format is not checked here: a wrong email simply fails to log in. */
export const loginBody = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
});

export type RegisterCustomerInput = z.output<typeof registerCustomerBody>;
export type UpdateCustomerInput = z.output<typeof updateCustomerBody>;
export type LoginInput = z.output<typeof loginBody>;
