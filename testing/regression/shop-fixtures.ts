import { randomUUID } from "node:crypto";
import request from "supertest";
import type { ShopTarget } from "./shop-target";

export interface CategoryJson { id: number; slug: string; name: string; createdAt: string; updatedAt: string }
export interface ProductJson {
  id: number; sku: string; name: string; description: string; priceCents: number; categoryId: number; active: boolean; createdAt: string; updatedAt: string;
}
export interface CustomerSession { id: number; email: string; name: string; password: string; cookie: string }
export interface OrderJson {
  id: number; customerId: number; status: string; totalCents: number; createdAt: string; updatedAt: string;
  lines: { productId: number; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
}

/**
 * Creates what a regression case needs through the public API, with names unique to this run,
 * so the suite works against any shop (empty, seeded, or behind the proxy).
 */
export class ShopFixtures {
  private counter = 0;
  private readonly run = randomUUID().slice(0, 8);

  constructor(private readonly target: () => ShopTarget) {}

  /** supertest bound to the target's base URL. */
  get http() {
    return request(this.target().baseUrl);
  }

  /** `Authorization` header value with the admin token. */
  get admin(): string {
    return `Bearer ${this.target().adminToken}`;
  }

  /** A fresh suffix: lower-case letters, digits and dashes. */
  unique(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.run}-${this.counter}`;
  }

  async category(): Promise<CategoryJson> {
    const slug = this.unique("cat");
    const res = await this.http.post("/categories").set("Authorization", this.admin).send({ slug, name: `Category ${slug}` });
    expectStatus(res, 201);
    return res.body as CategoryJson;
  }

  /** A product (in a new category unless given) with `stock` units on hand. */
  async product(fields: Partial<Omit<ProductJson, "id" | "createdAt" | "updatedAt">> = {}, stock = 0): Promise<ProductJson> {
    const categoryId = fields.categoryId ?? (await this.category()).id;
    const sku = this.unique("SKU");
    const res = await this.http
      .post("/products")
      .set("Authorization", this.admin)
      .send({ sku, name: `Product ${sku}`, description: "A regression fixture", priceCents: 1250, ...fields, categoryId });
    expectStatus(res, 201);
    if (stock > 0) await this.setStock(res.body.id, stock);
    return res.body as ProductJson;
  }

  async setStock(productId: number, quantity: number): Promise<void> {
    expectStatus(await this.http.put(`/inventory/${productId}`).set("Authorization", this.admin).send({ quantity }), 200);
  }

  async stockOf(productId: number): Promise<number> {
    const res = await this.http.get(`/inventory/${productId}`);
    expectStatus(res, 200);
    return res.body.quantity as number;
  }

  /** Registers a customer and logs in; `cookie` goes into the `Cookie` header. */
  async customer(): Promise<CustomerSession> {
    const email = `${this.unique("shopper")}@example.test`;
    const password = "correct horse battery";
    const registered = await this.http.post("/customers").send({ email, name: "Regression Shopper", password });
    expectStatus(registered, 201);
    const cookie = await this.login(email, password);
    return { id: registered.body.id, email, name: registered.body.name, password, cookie };
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.http.post("/customers/login").send({ email, password });
    expectStatus(res, 200);
    return sessionCookieOf(res.headers["set-cookie"]);
  }

  async order(customer: CustomerSession, lines: { productId: number; quantity: number }[]): Promise<OrderJson> {
    const res = await this.http.post("/orders").set("Cookie", customer.cookie).send({ lines });
    expectStatus(res, 201);
    return res.body as OrderJson;
  }

  /** Number of orders the customer has, read through the API. */
  async orderCount(customer: CustomerSession): Promise<number> {
    const res = await this.http.get("/orders").set("Cookie", customer.cookie);
    expectStatus(res, 200);
    return res.body.total as number;
  }
}

/** `shop_session=<token>` from a response's Set-Cookie headers. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const match = all.find((cookie) => cookie.startsWith("shop_session="));
  if (!match) throw new Error(`no shop_session cookie in ${JSON.stringify(all)}`);
  return match.split(";")[0];
}

/** Fails with the response body in the message, which is what one needs when a fixture breaks. */
export function expectStatus(res: { status: number; body: unknown; text?: string }, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text ?? JSON.stringify(res.body)}`);
}
