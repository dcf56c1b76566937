import { createHash, randomBytes } from "node:crypto";
import { LessThan } from "typeorm";
import { Customer, Session } from "../entities";
import { SHOP_ERROR_CODES, ShopError } from "../errors";
import type { LoginInput } from "../schemas/customer.schema";
import { customerView, type CustomerView } from "../views/customer.view";
import { nowIso } from "./clock";
import { hashPassword, verifyPassword } from "./password";
import type { ShopDatabase } from "./shop-database";

/** How long a login lasts. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Login sessions: the cookie carries a random token, the table only its hash. */
export class SessionService {
  // Compared against when the email is unknown, so both failures take the same time.
  private readonly decoyHash = hashPassword("decoy-password-never-matches");

  constructor(private readonly db: ShopDatabase) {}

  /** Checks the credentials and opens a session; the returned token goes into the cookie. */
  async login(input: LoginInput): Promise<{ token: string; expiresAt: Date; customer: CustomerView }> {
    const customer = await this.db.read((manager) => manager.findOneBy(Customer, { email: input.email.toLowerCase() }));
    const valid = await verifyPassword(input.password, customer?.passwordHash ?? (await this.decoyHash));
    if (!customer || !valid) throw new ShopError(401, SHOP_ERROR_CODES.invalidCredentials, "Email or password is wrong");
    const token = randomBytes(32).toString("base64url");
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.db.write(async (manager) => {
      await manager.delete(Session, { customerId: customer.id, expiresAt: LessThan(now.toISOString()) });
      await manager.insert(Session, { tokenHash: tokenHash(token), customerId: customer.id, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
    });
    return { token, expiresAt, customer: customerView(customer) };
  }

  /** The customer id a live session token belongs to, or undefined. */
  async customerIdFor(token: string): Promise<number | undefined> {
    const session = await this.db.read((manager) => manager.findOneBy(Session, { tokenHash: tokenHash(token) }));
    if (!session || session.expiresAt <= nowIso()) return undefined;
    return session.customerId;
  }

  async logout(token: string): Promise<void> {
    await this.db.write((manager) => manager.delete(Session, { tokenHash: tokenHash(token) }));
  }
}
