/** Where the regression suite sends its requests: the monolith itself or a proxy in front of it. */
export interface ShopTarget {
  /** e.g. `http://127.0.0.1:8080` */
  baseUrl: string;
  /** Bearer token the shop accepts for catalog and inventory writes. */
  adminToken: string;
}
