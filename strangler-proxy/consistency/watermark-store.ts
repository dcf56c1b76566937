import { LRUCache } from "lru-cache";
import type { Watermark } from "./watermark";

/**
 * This instance's watermarks by sticky key (the stickiness header, the session cookie, else the
 * client's address), bounded: at most `maxClients`, each for `ttlMs` after its last write, the least
 * recently used dropped first (lru-cache). A client dropped early still carries its cookie.
 */
export class WatermarkStore {
  private readonly cache: LRUCache<string, Watermark>;

  constructor(maxClients: number, ttlMs: number) {
    this.cache = new LRUCache<string, Watermark>({ max: maxClients, ttl: ttlMs, ttlAutopurge: false });
  }

  get(key: string): Watermark | undefined {
    return this.cache.get(key);
  }

  set(key: string, watermark: Watermark): void {
    this.cache.set(key, watermark);
  }

  get size(): number {
    return this.cache.size;
  }
}
