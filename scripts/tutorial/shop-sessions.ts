import { summary } from "./catalog-writes";
import type { Tutorial } from "./tutorial-kit";

/** The seeded customers' password (`npm run seed`: customer1@example.com … customer100@example.com). */
export const SAMPLE_PASSWORD = "sample-password";

export interface ShopSession {
  customerId: number;
  email: string;
  /** The `Cookie` header a browser sends: `shop_session=<token>`. */
  cookie: string;
}

/** Logs a seeded customer in through the proxy (the login stays on the monolith) and fails the step unless it worked. */
export async function logIn(t: Tutorial, email = "customer1@example.com"): Promise<ShopSession> {
  const login = await t.http(`${t.config.proxyUrl}/customers/login`, { method: "POST", body: { email, password: SAMPLE_PASSWORD } });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (login.status !== 200 || cookie === undefined || !cookie.startsWith("shop_session=")) t.check(false, `${email} logged in`, summary(login));
  return { customerId: login.json<{ customer: { id: number } }>().customer.id, email, cookie: cookie! };
}

/** Logs the session out through the proxy (the monolith deletes its session row). */
export async function logOut(t: Tutorial, session: ShopSession): Promise<void> {
  const answer = await t.http(`${t.config.proxyUrl}/customers/logout`, { method: "POST", headers: { cookie: session.cookie } });
  if (answer.status !== 204) t.check(false, `${session.email} logged out`, summary(answer));
}

/**
 * Waits until the orders service itself (not the proxy) takes, or with `accepted: false` refuses,
 * the session: the session bridge has the monolith's login (or logout) once sync brings it.
 * Returns how long that took.
 */
export async function untilBridged(t: Tutorial, session: ShopSession, accepted = true, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  const expected = accepted ? 200 : 401;
  await t.waitFor(
    `the orders service ${accepted ? "accepts" : "refuses"} the session of ${session.email} (GET ${t.config.ordersUrl}/orders answers ${expected})`,
    async () => (await t.http(`${t.config.ordersUrl}/orders?pageSize=1`, { headers: { cookie: session.cookie } })).status === expected,
    timeoutMs,
  );
  return Date.now() - started;
}
