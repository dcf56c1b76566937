import { isIP } from "node:net";
import { z } from "zod";
import { compilePathPattern } from "../diff/json-path";
import { readYourWritesIssues } from "./read-your-writes-rules";
import { writeGroupIssues, writeRouteIssues } from "./write-route-rules";

/** The stages a route moves through; each is reversible with one flag change. */
export const STAGES = ["monolith", "shadow", "canary", "service"] as const;
export type StageName = (typeof STAGES)[number];

/** The common methods; a route may name any RFC 9110 method token (PROPFIND, MKCOL, REPORT, PURGE…). */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** An RFC 9110 method token (`tchar`), written as it is sent: methods are case-sensitive. */
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** How an encoded slash (`%2F`) or backslash (`%5C`) in the path is read for matching (the upstream always gets the bytes as sent). */
export const ENCODED_SLASH_MODES = ["keep", "reject", "decode"] as const;
export type EncodedSlashMode = (typeof ENCODED_SLASH_MODES)[number];

const encodedSlashesSchema = z
  .enum(ENCODED_SLASH_MODES)
  .describe(
    "keep: %2F and %5C are data inside their segment (/@scope%2Fname is one segment); reject: 400 PROXY_ERR_AMBIGUOUS_PATH; decode: they separate segments for matching, for upstreams that decode them themselves. The upstream always receives the bytes as sent.",
  );

/** `host[:port]`: a registered name, an IPv4 address or a bracketed IPv6 address. */
const HOST_VALUE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(:[0-9]{1,5})?$/;

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes (e.g. catalog-reads)");

const breakerSchema = z
  .object({
    failureThreshold: z.number().int().min(1).default(5).describe("Consecutive failures (no answer, or 502/503/504) that open the breaker."),
    coolDownMs: z.number().int().min(10).default(10_000).describe("How long an open breaker skips the service before probing its health path."),
  })
  .strict();

const shadowSchema = z
  .object({
    percent: z.number().min(0).max(100).default(100).describe("Share of eligible requests mirrored to the service."),
    timeoutMs: z.number().int().positive().default(5000).describe("Time for the shadow copy to answer; then it counts as errored."),
    maxConcurrent: z.number().int().min(1).default(16).describe("Shadow copies in flight per route; above it a copy is skipped (counted)."),
    maxBodyBytes: z.number().int().min(0).default(1_048_576).describe("Request or response bodies larger than this are not mirrored/compared (counted as skipped)."),
    mirrorWrites: z.boolean().default(false).describe("Also mirror POST, PUT, PATCH and DELETE (only for services that write to their own store)."),
    duringCanary: z.boolean().default(true).describe("In canary, mirror the requests that stay on the monolith."),
  })
  .strict();

const jsonPathPattern = (example: string) =>
  z
    .string()
    .regex(/^\$/, `a JSON path starts with $, e.g. ${example}`)
    .refine((pattern) => {
      try {
        compilePathPattern(pattern);
        return true;
      } catch {
        return false;
      }
    }, "use $, .name, [\"odd key\"], [3], [*], .* and ..name (e.g. $.items[*].updatedAt)");

const diffSchema = z
  .object({
    headers: z
      .union([z.literal("*"), z.array(z.string().toLowerCase())])
      .default(["content-type", "location", "cache-control", "content-language", "content-disposition"])
      .describe('Response headers compared ("*" = all); the ignored ones are removed afterwards.'),
    ignoreHeaders: z.array(z.string().toLowerCase()).default([]).describe("Headers never compared, on top of the built-in list (date, etag, x-request-id, …)."),
    ignorePaths: z.array(jsonPathPattern("$.items[*].updatedAt")).default([]).describe("JSON paths removed from both bodies before comparing."),
    numericTolerance: z.number().min(0).default(0).describe("Numbers differing by at most this much are equal."),
    unorderedArrays: z
      .array(jsonPathPattern("$.items"))
      .default([])
      .describe('JSON paths of arrays compared without order ("$..*" = every array).'),
    noiseBaseline: z.boolean().default(false).describe("Send a second copy to the monolith; fields where it disagrees with itself are noise (GET/HEAD/OPTIONS only)."),
  })
  .strict();

const fallbackSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Retry on the monolith when the service fails before answering (idempotent requests; writes only with Idempotency-Key when nothing was sent)."),
    maxBodyBytes: z.number().int().min(0).default(1_048_576).describe("Write bodies up to this size are kept so a write with Idempotency-Key can be replayed."),
  })
  .strict();

/** The message for an upstream URL zod refuses: a missing scheme gets the URL to write instead. */
export function upstreamUrlProblem(input: unknown): string {
  const text = typeof input === "string" ? input.trim() : "";
  if (text !== "" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return `"${text}" has no scheme: write "http://${text.replace(/^\/+/, "")}" (or https://)`;
  }
  return `use an http:// or https:// URL, e.g. "http://127.0.0.1:3001"`;
}

/** The `hostHeader` of an upstream: keep the client's Host, send the upstream's own, or a fixed value. */
const hostHeaderSchema = z
  .string()
  .refine((value) => value === "preserve" || value === "upstream" || HOST_VALUE.test(value), 'use "preserve", "upstream" or a host[:port] such as "shop.internal:8080"')
  .default("preserve")
  .describe(
    'Host sent to this upstream. "preserve" (default): the client\'s Host, unchanged (for an absolute-form target: the target\'s host, as RFC 9112 requires); "upstream": the host[:port] of `url` (for upstreams that need their own virtual host); any other value: that exact Host.',
  );

const upstreamSchema = z
  .object({
    name: name.describe("Name routes refer to, e.g. `monolith` or `catalog`."),
    url: z.url({ protocol: /^https?$/, error: (issue) => upstreamUrlProblem(issue.input) }).describe("Base URL (http:// or https://); the request target is appended to its path."),
    hostHeader: hostHeaderSchema,
    healthPath: z
      .string()
      .regex(/^\//, "start the path with /")
      .optional()
      .describe(
        "Path that answers 2xx while the upstream is healthy (readiness, and the breaker's half-open probe). Unset: /healthz is asked and any answer but 502/503/504 counts as up, so an app without a health endpoint is never held up.",
      ),
    default: z.boolean().default(false).describe("Takes every request no route matches (exactly one upstream; implied when there is only one)."),
    timeoutMs: z.number().int().positive().default(30_000).describe("Time for the upstream to answer before 504."),
    breaker: breakerSchema.prefault({}).describe("Circuit breaker of this upstream (services only; the default upstream is never skipped)."),
    syncStatusPath: z
      .string()
      .regex(/^\//, "start the path with /")
      .optional()
      .describe("Path of the service's sync status (`/internal/sync/status`); the promotion gate reads its lag. Absent: the lag gate does not apply."),
    syncHeadUrl: z
      .string()
      .refine((value) => value.startsWith("/") || /^https?:\/\//.test(value), 'use a path on this upstream ("/internal/sync/head") or an http:// URL (the monolith\'s relay: "http://127.0.0.1:8082/internal/sync/head")')
      .optional()
      .describe(
        "Where the head position of the change log this upstream's database writes is read (`GET /internal/sync/head`): a path on the upstream (services) or a URL (the monolith's relay, RELAY_METRICS_PORT). Needed by read-your-writes.",
      ),
  })
  .strict();

/** How a route's reads keep a client's own writes visible (docs/read-your-writes.md). */
export const READ_YOUR_WRITES_MODES = ["off", "route-to-owner", "wait"] as const;

const readYourWritesRouteSchema = z
  .object({
    mode: z
      .enum(READ_YOUR_WRITES_MODES)
      .default("off")
      .describe(
        "off: reads go where the flag says. route-to-owner: a client's read goes to the side that took its last write until the other side has applied it. wait: the read waits up to maxWaitMs for the other side, then goes to the owner.",
      ),
    maxWaitMs: z.number().int().min(1).max(60_000).default(500).describe("Longest a read waits for the other side to catch up (mode wait)."),
  })
  .strict();

const readYourWritesSchema = z
  .object({
    cookie: z
      .union([z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "a cookie name is one token, e.g. strangler_ryw"), z.literal(false)])
      .default("strangler_ryw")
      .describe("Signed cookie that carries a client's watermark to every proxy instance (STRANGLER_RYW_SECRET signs it); false: each instance remembers its own clients only. Never forwarded upstream."),
    ttlMs: z.number().int().min(1000).default(60_000).describe("How long a client's watermark is kept (memory and cookie)."),
    maxClients: z.number().int().min(1).default(100_000).describe("Clients whose watermark this instance keeps in memory at most (least recently used dropped first)."),
    statusPollMs: z.number().int().min(5).default(25).describe("How often a waiting read asks the service's sync status again."),
    headTimeoutMs: z.number().int().min(10).default(2000).describe("Time to read a log head after a write; past it, the client's reads go to the side that took the write until the watermark expires."),
  })
  .strict();

const conditionValues = z
  .record(z.string(), z.string())
  .describe('Name → exact value; the value "*" only requires the name to be present.');

const routeSchema = z
  .object({
    id: name.describe("Stable id; the flag is named strangler.route.<id>."),
    methods: z
      .array(
        z
          .string()
          .regex(METHOD_TOKEN, "a method is an RFC 9110 token, e.g. GET or PROPFIND")
          .refine((method) => method === method.toUpperCase(), "methods are case-sensitive: write them in capitals (GET, PROPFIND, MKCOL)"),
      )
      .min(1)
      .optional()
      .describe("HTTP methods, any RFC 9110 token (GET, POST, PROPFIND, MKCOL, REPORT, PURGE…); absent = every method."),
    paths: z
      .array(
        z
          .string()
          .regex(/^\/[^?#]*$/, "a path template starts with / and has no query (e.g. /products/:id)")
          .refine((p) => !p.slice(0, -1).includes("*"), "`*` is allowed only as the last segment"),
      )
      .min(1)
      .describe("Templates: literal segments, `:param` (one segment), `*` last (one or more segments)."),
    when: z
      .object({ headers: conditionValues.optional(), query: conditionValues.optional(), cookies: conditionValues.optional() })
      .strict()
      .optional()
      .describe("Extra conditions; all must hold."),
    upstream: name.describe("The upstream that takes the route over (its service)."),
    encodedSlashes: encodedSlashesSchema.optional().describe("This route's reading of %2F and %5C (default: the table's `encodedSlashes`)."),
    group: name.optional().describe("Routes with the same group can be moved together."),
    writes: z
      .boolean()
      .default(false)
      .describe("This route writes tables that one side owns at a time: it belongs to a write group and moves only with `npx strangler cutover`"),
    stage: z.enum(STAGES).default("monolith").describe("Stage seeded into the embedded flag store when it has no flag yet."),
    percent: z.number().int().min(0).max(100).optional().describe("Canary percentage (required with stage canary)."),
    shadow: shadowSchema.prefault({}).describe("Mirroring to the service in the shadow and canary stages."),
    diff: diffSchema.prefault({}).describe("How the service's answer is compared with the monolith's."),
    fallback: fallbackSchema.prefault({}).describe("What happens when the service fails before answering."),
    readYourWrites: readYourWritesRouteSchema
      .prefault({})
      .describe("Whether a client's reads of this route see its own writes made through either side (docs/read-your-writes.md)."),
  })
  .strict()
  .superRefine((route, ctx) => {
    if (route.readYourWrites.mode !== "off" && route.writes) {
      ctx.addIssue({ code: "custom", path: ["readYourWrites", "mode"], message: "applies to reads: set it on the group's read routes, not on a write route" });
    }
    if (route.stage === "canary" && route.percent === undefined) {
      ctx.addIssue({ code: "custom", path: ["percent"], message: "stage canary needs a percent between 1 and 99" });
    }
    for (const issue of writeRouteIssues(route)) ctx.addIssue({ code: "custom", ...issue });
  });

const stickinessSchema = z
  .object({
    header: z.string().toLowerCase().optional().describe("Header carrying the user id (e.g. x-user-id)."),
    cookie: z.string().optional().describe("Cookie carrying the user id."),
    sessionCookie: z.string().default("sid").describe("Session cookie used when no user id is present."),
  })
  .strict();

const flagsSchema = z
  .object({
    mode: z
      .enum(["auto", "streaming", "polling"])
      .default("auto")
      .describe("auto: poll, and switch to streaming when the server offers it (the embedded store does; Unleash does not)."),
    refreshIntervalMs: z.number().int().min(100).default(1000).describe("Polling interval (polling mode)."),
    readyTimeoutMs: z.number().int().positive().default(5000).describe("How long to wait for flags at start before using defaults."),
    requestTimeoutMs: z
      .number()
      .int()
      .min(1000, "unleash-client needs at least 1000 (its minimum retry back-off)")
      .default(10_000)
      .describe("Timeout of one request to the flag source; unleash-client retries twice, waiting at most this long between tries."),
  })
  .strict();

const limitsSchema = z
  .object({
    maxPathBytes: z.number().int().min(256).default(8192).describe("Longer request targets get 414."),
  })
  .strict();

const gatesSchema = z
  .object({
    enforce: z
      .boolean()
      .default(false)
      .describe("Refuse stage moves that fail their gate (409 PROXY_ERR_GATE_REFUSED unless forced). Off: the gate is only reported. The shipped strangler.config.json turns it on."),
    minSamples: z.number().int().min(0).default(100).describe("Compared shadow requests needed before shadow → canary → service."),
    minMatchRate: z.number().min(0).max(1).default(0.99).describe("Share of compared requests that matched (errored count as not matched)."),
    maxSyncLagMs: z.number().min(0).default(5000).describe("Highest lagP99Ms the service's sync status may report."),
  })
  .strict();

/** Address keywords of `forwarding.trustedProxies`. */
export const TRUSTED_PROXY_KEYWORDS = ["loopback", "private"] as const;

const trustedProxy = z
  .string()
  .refine((entry) => {
    if ((TRUSTED_PROXY_KEYWORDS as readonly string[]).includes(entry)) return true;
    const [address, prefix, extra] = entry.split("/");
    if (extra !== undefined || !isIP(address)) return false;
    if (prefix === undefined) return true;
    const bits = Number(prefix);
    return /^\d{1,3}$/.test(prefix) && bits <= (isIP(address) === 4 ? 32 : 128);
  }, 'use an IP address, a CIDR block (10.0.0.0/8, fd00::/8), "loopback" or "private"');

const forwardingSchema = z
  .object({
    trustedProxies: z
      .array(trustedProxy)
      .default([])
      .describe(
        "Clients whose Forwarded and X-Forwarded-* values are kept and appended to (a load balancer in front). From any other client they are replaced by the proxy's own.",
      ),
    forwarded: z.boolean().default(true).describe("Append an RFC 7239 Forwarded element (for, host, proto) to every forwarded request."),
    xForwarded: z.boolean().default(true).describe("Append X-Forwarded-For and set X-Forwarded-Host and X-Forwarded-Proto."),
    via: z
      .union([z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "a pseudonym is one token, e.g. strangler"), z.literal(false)])
      .default("strangler")
      .describe("Pseudonym in the Via element appended to every forwarded request (`1.1 strangler`); false = no Via."),
  })
  .strict();

/** Query parameters whose values the shadow store never keeps (the default of `shadowStore.redactQueryParams`). */
export const DEFAULT_REDACTED_QUERY_PARAMS = [
  "token", "access_token", "refresh_token", "id_token", "password", "secret", "client_secret", "api_key", "apikey", "session", "sessionid", "sid", "code", "signature",
] as const;

const shadowStoreSchema = z
  .object({
    keepMismatchesPerRoute: z.number().int().min(1).default(200).describe("Mismatch records kept per route in proxy.sqlite (older ones are deleted)."),
    storedBodyBytes: z.number().int().min(64).default(4096).describe("Each stored response body is truncated to this size."),
    flushIntervalMs: z.number().int().min(10).default(250).describe("Records are written in batches at this interval."),
    redactQueryParams: z
      .array(z.string().min(1, "name a query parameter, e.g. token").toLowerCase())
      .default([...DEFAULT_REDACTED_QUERY_PARAMS])
      .describe(
        "Query parameters (names, case-insensitive) whose values are stored as [redacted] in the paths of mismatch records; setting it replaces the default list. Set-Cookie, Cookie and Authorization headers are never stored.",
      ),
  })
  .strict();

/** The route table file (`strangler.config.json` or `.yaml`). */
export const proxyFileSchema = z
  .object({
    $schema: z.string().optional(),
    upstreams: z.array(upstreamSchema).min(1),
    routes: z.array(routeSchema).default([]),
    stickiness: stickinessSchema.default({ sessionCookie: "sid" }),
    flags: flagsSchema.default({ mode: "auto", refreshIntervalMs: 1000, readyTimeoutMs: 5000, requestTimeoutMs: 10_000 }),
    limits: limitsSchema.default({ maxPathBytes: 8192 }),
    encodedSlashes: encodedSlashesSchema.default("keep"),
    strictPaths: z
      .boolean()
      .default(false)
      .describe(
        "Refuse (400) request targets that servers read differently: dot segments (also %2e and ..;), empty segments (//), encoded slashes next to dots or empties, backslashes, double encoding (%25XX) and overlong UTF-8.",
      ),
    forwarding: forwardingSchema.prefault({}).describe("What the proxy adds to each forwarded request: Forwarded, X-Forwarded-*, Via, and whom it trusts."),
    gates: gatesSchema.prefault({}).describe("Promotion gates: when a route may move to the next stage."),
    shadowStore: shadowStoreSchema.prefault({}).describe("Retention of mismatch records in <STRANGLER_DATA_DIR>/proxy.sqlite."),
    readYourWrites: readYourWritesSchema.prefault({}).describe("Read-your-writes watermarks: where they are kept, for how long (docs/read-your-writes.md)."),
  })
  .strict()
  .superRefine((file, ctx) => {
    const defaults = file.upstreams.filter((u) => u.default);
    // A single upstream is the default without saying so.
    if (defaults.length !== 1 && !(file.upstreams.length === 1 && defaults.length === 0)) {
      ctx.addIssue({ code: "custom", path: ["upstreams"], message: `exactly one upstream needs "default": true (found ${defaults.length})` });
    }
    const upstreamNames = new Set<string>();
    file.upstreams.forEach((u, i) => {
      if (upstreamNames.has(u.name)) ctx.addIssue({ code: "custom", path: ["upstreams", i, "name"], message: `duplicate upstream name "${u.name}"` });
      upstreamNames.add(u.name);
    });
    const routeIds = new Set<string>();
    file.routes.forEach((r, i) => {
      if (routeIds.has(r.id)) ctx.addIssue({ code: "custom", path: ["routes", i, "id"], message: `duplicate route id "${r.id}"` });
      routeIds.add(r.id);
      if (!upstreamNames.has(r.upstream)) {
        ctx.addIssue({ code: "custom", path: ["routes", i, "upstream"], message: `unknown upstream "${r.upstream}"; known: ${[...upstreamNames].join(", ")}` });
      }
    });
    for (const issue of readYourWritesIssues(file)) ctx.addIssue({ code: "custom", ...issue });
    for (const issue of writeGroupIssues(file.routes)) ctx.addIssue({ code: "custom", ...issue });
  })
  .transform((file) => (file.upstreams.length === 1 && !file.upstreams[0].default ? { ...file, upstreams: [{ ...file.upstreams[0], default: true }] } : file));

export type ProxyFileConfig = z.output<typeof proxyFileSchema>;
export type UpstreamConfig = ProxyFileConfig["upstreams"][number];
export type RouteConfig = ProxyFileConfig["routes"][number];
export type StickinessConfig = ProxyFileConfig["stickiness"];
export type FlagsConfig = ProxyFileConfig["flags"];
export type ShadowConfig = RouteConfig["shadow"];
export type DiffConfig = RouteConfig["diff"];
export type FallbackConfig = RouteConfig["fallback"];
export type BreakerConfig = UpstreamConfig["breaker"];
export type GatesConfig = ProxyFileConfig["gates"];
export type ShadowStoreConfig = ProxyFileConfig["shadowStore"];
export type ForwardingConfig = ProxyFileConfig["forwarding"];
export type ReadYourWritesConfig = ProxyFileConfig["readYourWrites"];
export type RouteReadYourWrites = RouteConfig["readYourWrites"];
export type ReadYourWritesMode = (typeof READ_YOUR_WRITES_MODES)[number];

/** Hints appended to validation messages, by field. */
export const CONFIG_FIXES: Record<string, string> = {
  upstreams: 'List the upstreams, e.g. [{ "name": "monolith", "url": "http://127.0.0.1:3001", "default": true }].',
};
