import { CATALOG_WRITE_ROUTES, adminWrite, answeredBy, catalogWritesOwner, errorCode, summary } from "./catalog-writes";
import { runStep } from "./tutorial-kit";

interface Product {
  id: number;
  sku: string;
  name: string;
}

// Step 9: the catalog's writes move to the service in one command; reverse sync keeps the monolith's copy.
runStep("Step 9: move the catalog's writes to the service", async (t) => {
  const { proxyUrl, monolithUrl } = t.config;

  if ((await catalogWritesOwner(t)) === "service") {
    t.say("The catalog's writes are already on the service (step 9 ran before): the cut-over below only checks its end state.");
  } else {
    const name = `Renamed through the proxy in step 9 at ${new Date().toISOString()}`;
    t.say(`Before: a write through the proxy, PATCH /products/2 {"name": "${name}"}`);
    const before = await adminWrite(t, `${proxyUrl}/products/2`, "PATCH", { name });
    t.check(before.status === 200 && answeredBy(before) === "monolith", "the monolith answered it (no x-served-by header): the catalog's writes still go to the monolith", summary(before));
  }

  await t.strangler(["cutover", "catalog", "--to", "service", "--reason", "tutorial step 9"]);
  await t.strangler(["status"]);
  const owner = await catalogWritesOwner(t);
  t.check(owner === "service", `both write routes (${CATALOG_WRITE_ROUTES.join(", ")}) are at stage service`, `they are at: ${owner}`);

  const sku = `TUT9-${Date.now().toString(36).toUpperCase()}`;
  t.say(`\nA new product through the proxy: POST /products {"sku": "${sku}", …}`);
  const created = await adminWrite(t, `${proxyUrl}/products`, "POST", { sku, name: "Tutorial desk lamp", description: "Created through the proxy in tutorial step 9", priceCents: 2450, categoryId: 1 });
  t.check(created.status === 201 && answeredBy(created) === "catalog", "201 Created, answered by the catalog service (x-served-by: catalog)", summary(created));
  const product = created.json<Product>();
  const location = created.headers.get("location");
  t.check(location === `/products/${product.id}`, `Location: ${location} (the id continues the monolith's sequence)`, `expected /products/${product.id}`);

  const started = Date.now();
  await t.waitFor("the monolith shows the new product (reverse sync: catalog → CDC_CATALOG → monolith)", async () => {
    const answer = await t.http(`${monolithUrl}/products/${product.id}`);
    return answer.status === 200 && answer.json<Product>().sku === sku;
  });
  t.say(`✔ product #${product.id} reached the monolith's database in ${Date.now() - started} ms (catalog trigger → relay → JetStream CDC_CATALOG → reverse consumer)`);

  t.say("\nThe monolith's own features see it: stock, then an order, through the proxy (both stay on the monolith).");
  const stock = await adminWrite(t, `${proxyUrl}/inventory/${product.id}`, "PUT", { quantity: 5 });
  t.check(stock.status === 200, `PUT /inventory/${product.id} {"quantity": 5}: the monolith keeps the stock of the new product`, summary(stock));
  const login = await t.http(`${proxyUrl}/customers/login`, { method: "POST", body: { email: "customer1@example.com", password: "sample-password" } });
  const session = login.headers.get("set-cookie")?.split(";")[0];
  t.check(login.status === 200 && session !== undefined, "customer1@example.com logged in", summary(login));
  const order = await t.http(`${proxyUrl}/orders`, { method: "POST", headers: { cookie: session! }, body: { lines: [{ productId: product.id, quantity: 1 }] } });
  t.check(order.status === 201, `POST /orders with product #${product.id}: 201, order #${order.status === 201 ? order.json<{ id: number }>().id : "?"} placed by the monolith`, summary(order));

  t.say("\nA writer that bypasses the proxy cannot split the data: PATCH straight to the monolith (port of the monolith, not the proxy).");
  const direct = await t.http(`${monolithUrl}/products/${product.id}`, { method: "PATCH", headers: { authorization: `Bearer ${t.config.shopAdminToken}` }, body: { name: "Written behind the proxy's back" } });
  t.check(direct.status === 503 && errorCode(direct) === "SHOP_ERR_WRITE_FENCED", "the monolith refuses it: 503 SHOP_ERR_WRITE_FENCED (its catalog tables are fenced, nothing written)", summary(direct));

  t.say("\nThe same command again:");
  const again = await t.strangler(["cutover", "catalog", "--to", "service", "--reason", "tutorial step 9, again"]);
  t.check(again.stdout.includes("already writes to the service"), "a second cut-over says the writes are already on the service (exit 0)", again.stdout.trim());
});
