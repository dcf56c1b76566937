import { z } from "zod";
import { positiveIntString } from "./common.schema";

/** Largest page a list endpoint answers; bigger requests are a 400, not silently clamped. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `page` (1-based) and `pageSize` query parameters shared by every list endpoint. */
export const pagingQuery = z.object({
  page: positiveIntString(1_000_000).default(1),
  pageSize: positiveIntString(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export type Paging = z.output<typeof pagingQuery>;
