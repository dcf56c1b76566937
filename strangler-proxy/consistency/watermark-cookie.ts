import { createHmac, timingSafeEqual } from "node:crypto";
import { cookieValue } from "../routing/cookies";
import type { Watermark, WatermarkEntry } from "./watermark";

/** Cookie format version: `v1.<payload>.<signature>`, both base64url. */
const VERSION = "v1";
const SIGNATURE_BYTES = 18;

interface Payload {
  /** Upstream → [stream, position]. */
  w: Record<string, [string, number]>;
  /** Expiry, seconds since the epoch. */
  x: number;
}

/**
 * Signs and reads the watermark cookie, so a client carries its watermark to whichever proxy instance
 * serves its next read. HMAC-SHA256 with the shared secret (STRANGLER_RYW_SECRET, or one derived
 * from the admin token every instance shares): a client can drop its cookie (it then loses only
 * its own guarantee) but cannot forge a lower one.
 */
export class WatermarkCookie {
  private readonly key: Buffer;

  constructor(
    readonly name: string,
    secret: string,
    private readonly ttlMs: number,
  ) {
    this.key = createHmac("sha256", "strangler read-your-writes cookie").update(secret).digest();
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, SIGNATURE_BYTES).toString("base64url");
  }

  /** The `Set-Cookie` value carrying `watermark` until the ttl ends. */
  serialise(watermark: Watermark, now = Date.now()): string {
    const payload: Payload = { w: {}, x: Math.ceil((now + this.ttlMs) / 1000) };
    for (const [upstream, entry] of Object.entries(watermark)) payload.w[upstream] = [entry.stream, entry.position];
    const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${this.name}=${VERSION}.${encoded}.${this.sign(encoded)}; Max-Age=${Math.ceil(this.ttlMs / 1000)}; Path=/; HttpOnly; SameSite=Lax`;
  }

  /** The watermark in a `Cookie` header, or undefined when absent, expired, malformed or not signed by us. */
  read(cookieHeader: string | undefined, now = Date.now()): Watermark | undefined {
    if (!cookieHeader || !cookieHeader.includes(this.name)) return undefined;
    const value = cookieValue(cookieHeader, this.name);
    if (!value) return undefined;
    const [version, encoded, signature] = value.split(".");
    if (version !== VERSION || !encoded || !signature) return undefined;
    const expected = Buffer.from(this.sign(encoded));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as Payload;
    } catch {
      return undefined;
    }
    if (typeof payload?.x !== "number" || payload.x * 1000 < now || typeof payload.w !== "object" || payload.w === null) return undefined;
    const watermark: Record<string, WatermarkEntry> = {};
    for (const [upstream, pair] of Object.entries(payload.w)) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string" || !Number.isSafeInteger(pair[1])) return undefined;
      watermark[upstream] = { stream: pair[0], position: pair[1] };
    }
    return watermark;
  }
}
