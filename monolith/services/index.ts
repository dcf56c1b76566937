import type { DataSource } from "typeorm";
import { CategoryService } from "./category-service";
import { CustomerService } from "./customer-service";
import { isPostgres } from "./dialect";
import { InventoryService } from "./inventory-service";
import { OrderService } from "./order-service";
import { PooledDatabase } from "./pooled-database";
import { ProductService } from "./product-service";
import { SerialDatabase } from "./serial-database";
import { SessionService } from "./session-service";
import { StockMovementService } from "./stock-movement-service";

/** The shop's business services, sharing one database handle (serialized on SQLite, pooled on PostgreSQL). */
export interface ShopServices {
  categories: CategoryService;
  products: ProductService;
  inventory: InventoryService;
  stockMovements: StockMovementService;
  customers: CustomerService;
  sessions: SessionService;
  orders: OrderService;
}

/** Builds every service over `dataSource` (already initialized and migrated). */
export function createShopServices(dataSource: DataSource): ShopServices {
  const db = isPostgres(dataSource) ? new PooledDatabase(dataSource) : new SerialDatabase(dataSource);
  return {
    categories: new CategoryService(db),
    products: new ProductService(db),
    inventory: new InventoryService(db),
    stockMovements: new StockMovementService(db),
    customers: new CustomerService(db),
    sessions: new SessionService(db),
    orders: new OrderService(db),
  };
}

/** Scrypt password hashing, shared with the seeder. */
export { hashPassword } from "./password";
