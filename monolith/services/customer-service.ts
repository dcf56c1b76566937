import type { EntityManager } from "typeorm";
import { Customer } from "../entities";
import { conflict, notFound, SHOP_ERROR_CODES } from "../errors";
import type { RegisterCustomerInput, UpdateCustomerInput } from "../schemas/customer.schema";
import { customerView, type CustomerView } from "../views/customer.view";
import { nowIso } from "./clock";
import { hashPassword } from "./password";
import type { ShopDatabase } from "./shop-database";
import { isUniqueViolation } from "./unique-violation";

/** Customer accounts: register, read, update. Logging in is the SessionService's job. */
export class CustomerService {
  constructor(private readonly db: ShopDatabase) {}

  async register(input: RegisterCustomerInput): Promise<CustomerView> {
    // Hash before taking the write turn: scrypt is slow and needs no database.
    const passwordHash = await hashPassword(input.password);
    return this.db.write(async (manager) => {
      await this.assertEmailFree(manager, input.email);
      const now = nowIso();
      const customer = manager.create(Customer, { email: input.email, name: input.name, passwordHash, createdAt: now, updatedAt: now });
      return customerView(await this.save(manager, customer));
    });
  }

  get(id: number): Promise<CustomerView> {
    return this.db.read(async (manager) => customerView(await this.load(manager, id)));
  }

  async update(id: number, input: UpdateCustomerInput): Promise<CustomerView> {
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    return this.db.write(async (manager) => {
      const customer = await this.load(manager, id);
      if (input.email !== undefined && input.email !== customer.email) await this.assertEmailFree(manager, input.email);
      if (input.email !== undefined) customer.email = input.email;
      if (input.name !== undefined) customer.name = input.name;
      if (passwordHash !== undefined) customer.passwordHash = passwordHash;
      customer.updatedAt = nowIso();
      return customerView(await this.save(manager, customer));
    });
  }

  private async load(manager: EntityManager, id: number): Promise<Customer> {
    const customer = await manager.findOneBy(Customer, { id });
    if (!customer) throw notFound(SHOP_ERROR_CODES.customerNotFound, "Customer", id);
    return customer;
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    if (await manager.exists(Customer, { where: { email } })) {
      throw conflict(SHOP_ERROR_CODES.duplicateEmail, `An account with email ${email} already exists`);
    }
  }

  private async save(manager: EntityManager, customer: Customer): Promise<Customer> {
    try {
      return await manager.save(Customer, customer);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(SHOP_ERROR_CODES.duplicateEmail, `An account with email ${customer.email} already exists`);
      throw err;
    }
  }
}
