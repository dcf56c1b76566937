import type { Customer } from "../entities";

/** A customer as the API shows it: never the password hash. */
export interface CustomerView {
  id: number;
  email: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export function customerView(customer: Customer): CustomerView {
  return { id: customer.id, email: customer.email, name: customer.name, createdAt: customer.createdAt, updatedAt: customer.updatedAt };
}
