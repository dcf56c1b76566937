import { expectStatus, sessionCookieOf, type ShopFixtures } from "./shop-fixtures";

/** `/customers`: registration, login sessions, own-account reads and changes. */
export function describeCustomerCases(fx: ShopFixtures): void {
  describe("customers", () => {
    it("registers a customer with a lower-cased email and never shows the password", async () => {
      const email = `${fx.unique("New")}@Example.TEST`;
      const res = await fx.http.post("/customers").send({ email, name: "Nora New", password: "long enough secret" });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/customers/${res.body.id}`);
      expect(res.body).toEqual({ id: expect.any(Number), email: email.toLowerCase(), name: "Nora New", createdAt: expect.any(String), updatedAt: expect.any(String) });
      expect(res.text).not.toMatch(/password|scrypt/i);
    });

    it("refuses a second account for the same email in any case with 409", async () => {
      const customer = await fx.customer();
      const res = await fx.http.post("/customers").send({ email: customer.email.toUpperCase(), name: "Copy", password: "another secret" });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_DUPLICATE_EMAIL");
    });

    it("rejects an invalid email and a short password with 400 naming both", async () => {
      const res = await fx.http.post("/customers").send({ email: "not-an-email", name: "X", password: "short" });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(["email", "password"]);
    });

    it("logs in with an HttpOnly, SameSite=Lax session cookie", async () => {
      const customer = await fx.customer();
      const res = await fx.http.post("/customers/login").send({ email: customer.email, password: customer.password });
      expect(res.status).toBe(200);
      expect(res.body.customer.id).toBe(customer.id);
      const cookie = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((value) => value.startsWith("shop_session="));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    });

    it("refuses a wrong password and an unknown email alike with 401", async () => {
      const customer = await fx.customer();
      const wrong = await fx.http.post("/customers/login").send({ email: customer.email, password: "not the password" });
      const unknown = await fx.http.post("/customers/login").send({ email: `${fx.unique("ghost")}@example.test`, password: "whatever1" });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe("SHOP_ERR_INVALID_CREDENTIALS");
        expect(res.headers["set-cookie"]).toBeUndefined();
      }
    });

    it("shows a customer their own account", async () => {
      const customer = await fx.customer();
      const res = await fx.http.get(`/customers/${customer.id}`).set("Cookie", customer.cookie);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: customer.id, email: customer.email });
    });

    it("answers 401 without a valid session and 403 for another customer's account", async () => {
      const alice = await fx.customer();
      const bob = await fx.customer();
      const none = await fx.http.get(`/customers/${alice.id}`);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe("SHOP_ERR_SESSION_REQUIRED");
      expect((await fx.http.get(`/customers/${alice.id}`).set("Cookie", "shop_session=forged")).status).toBe(401);
      const other = await fx.http.get(`/customers/${alice.id}`).set("Cookie", bob.cookie);
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe("SHOP_ERR_FORBIDDEN");
      expect((await fx.http.patch(`/customers/${alice.id}`).set("Cookie", bob.cookie).send({ name: "Hijacked" })).status).toBe(403);
      expect((await fx.http.get(`/customers/${alice.id}`).set("Cookie", alice.cookie)).body.name).toBe(alice.name);
    });

    it("updates the name and the password; the old password stops working", async () => {
      const customer = await fx.customer();
      const res = await fx.http.patch(`/customers/${customer.id}`).set("Cookie", customer.cookie).send({ name: "Renamed", password: "a brand new secret" });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("Renamed");
      expect((await fx.http.post("/customers/login").send({ email: customer.email, password: customer.password })).status).toBe(401);
      expectStatus(await fx.http.post("/customers/login").send({ email: customer.email, password: "a brand new secret" }), 200);
    });

    it("refuses to take another customer's email on update", async () => {
      const alice = await fx.customer();
      const bob = await fx.customer();
      const res = await fx.http.patch(`/customers/${bob.id}`).set("Cookie", bob.cookie).send({ email: alice.email });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_DUPLICATE_EMAIL");
      expect((await fx.http.get(`/customers/${bob.id}`).set("Cookie", bob.cookie)).body.email).toBe(bob.email);
    });

    it("ends the session on logout", async () => {
      const customer = await fx.customer();
      const res = await fx.http.post("/customers/logout").set("Cookie", customer.cookie);
      expect(res.status).toBe(204);
      expect(sessionCookieOf(res.headers["set-cookie"])).toBe("shop_session=");
      expect((await fx.http.get(`/customers/${customer.id}`).set("Cookie", customer.cookie)).status).toBe(401);
    });
  });
}
