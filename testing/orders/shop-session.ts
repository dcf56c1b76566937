import { rawRequest } from "../proxy";
import { sessionCookieOf } from "../regression";

/** The password of every seeded customer (`customer<N>@example.com`). */
export const SEEDED_PASSWORD = "sample-password";

/** Logs seeded customer `n` in at `shopUrl` (the monolith); resolves with the `Cookie` header value `shop_session=<token>`. */
export async function logIn(shopUrl: string, n: number): Promise<string> {
  const answer = await rawRequest(shopUrl, {
    method: "POST",
    path: "/customers/login",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `customer${n}@example.com`, password: SEEDED_PASSWORD }),
  });
  if (answer.status !== 200) throw new Error(`login of customer${n} answered ${answer.status}: ${answer.body}`);
  return sessionCookieOf(answer.headers["set-cookie"]);
}

/** Logs the session of `cookie` out at `shopUrl` (the monolith deletes its row). */
export async function logOut(shopUrl: string, cookie: string): Promise<void> {
  const answer = await rawRequest(shopUrl, { method: "POST", path: "/customers/logout", headers: { cookie } });
  if (answer.status !== 204) throw new Error(`logout answered ${answer.status}: ${answer.body}`);
}
