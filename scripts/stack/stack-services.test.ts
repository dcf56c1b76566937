import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../testing";
import { servicePartNames, stackServices } from "./stack-services";

const ROOT = join(__dirname, "..", "..");

describe("stackServices", () => {
  it("finds every service folder with main.ts and manifest.ts, with its backfill", () => {
    const services = stackServices(ROOT);
    const catalog = services.find((service) => service.manifest.name === "catalog");
    expect(catalog).toMatchObject({ main: "extracted/catalog/main.ts", backfill: "extracted/catalog/cli/backfill-main.ts" });
    expect(catalog!.manifest.settings({ STRANGLER_DATA_DIR: "/data" })).toEqual({ port: 3002, databasePath: "/data/catalog.sqlite" });
    expect(servicePartNames(catalog!)).toEqual(["catalog-backfill", "catalog"]);
  });

  it("gives each service its own database from <NAME>_DATABASE_URL, by convention", () => {
    const orders = stackServices(ROOT).find((service) => service.manifest.name === "orders");
    expect(orders!.manifest.settings({ STRANGLER_DATA_DIR: "/data" })).toEqual({ port: 3003, databasePath: "/data/orders.sqlite" });
    expect(orders!.manifest.settings({ STRANGLER_DATA_DIR: "/data", ORDERS_DATABASE_URL: "postgres://orders@127.0.0.1:5432/orders" }).databasePath).toBe("postgres://orders@127.0.0.1:5432/orders");
  });

  it("refuses a manifest that names another service than its folder, saying the fix", () => {
    const dir = tempDir("stack-services-");
    try {
      const folder = join(dir.path, "extracted", "orders");
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "main.ts"), "");
      writeFileSync(join(folder, "manifest.ts"), 'exports.manifest = { name: "order" };\n');
      expect(() => stackServices(dir.path)).toThrow(/names the service "order", its folder is "orders"\. Fix: use the folder's name/);
    } finally {
      dir.remove();
    }
  });
});
