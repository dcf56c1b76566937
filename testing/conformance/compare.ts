import { requestIdFrom } from "../../platform";
import type { Field } from "./http-wire";
import type { ReceivedAnswer } from "./raw-client";
import type { ReceivedRequest } from "./raw-echo-upstream";

/**
 * What the proxy is documented to change (docs/proxy.md, "Transparency"), and nothing else:
 * - hop-by-hop fields (RFC 9110 §7.6.1: Connection and the fields it names, Keep-Alive,
 *   Proxy-Connection, TE, Upgrade) belong to one connection: each hop has its own;
 * - added to requests: Forwarded, X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto (an
 *   untrusted client's own values replaced), Via (appended), x-request-id (when the client sent no
 *   well-formed one); client-sent `x-strangler-*` fields are dropped;
 * - an absolute-form target's authority replaces the Host field (RFC 9112 §3.2.2);
 * - added to responses: x-request-id (when the upstream sent none); a close-delimited body reaches an
 *   HTTP/1.1 client chunked (framing is per hop: the bytes of the body are the same).
 */
export const DOCUMENTED_CHANGES = {
  hopByHop: ["connection", "keep-alive", "proxy-connection", "te", "upgrade"],
  addedToRequests: ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "via", "x-request-id"],
  droppedFromRequests: "x-strangler-*",
  addedToResponses: ["x-request-id"],
} as const;

/** One difference between what the upstream (or the client) received directly and through the proxy. */
export interface Difference {
  what: string;
  direct: unknown;
  proxied: unknown;
}

/** What the proxy's own fields must say for one request. */
export interface ForwardedExpectation {
  clientAddress: string;
  via: string;
}

const lower = (name: string) => name.toLowerCase();

/** The fields `Connection` names in `fields`, lowercase. */
function connectionOptions(fields: readonly Field[]): string[] {
  return fields.filter(([name]) => lower(name) === "connection").flatMap(([, value]) => value.split(",").map((option) => option.trim().toLowerCase()));
}

/** `fields` without the hop-by-hop ones (those `named` included; framing and Host are never removed). */
function endToEnd(fields: readonly Field[], named: readonly string[]): Field[] {
  return fields.filter(([name]) => {
    const key = lower(name);
    if ((DOCUMENTED_CHANGES.hopByHop as readonly string[]).includes(key)) return false;
    return !named.includes(key) || key === "host" || key === "content-length" || key === "transfer-encoding";
  });
}

function sameFields(what: string, direct: readonly Field[], proxied: readonly Field[], out: Difference[]): void {
  if (JSON.stringify(direct) !== JSON.stringify(proxied)) out.push({ what, direct, proxied });
}

/**
 * Compares the request the upstream read straight from the client with the one it read through the
 * proxy: request line, fields (order, letter case, repeats, bytes), body bytes and trailers, once the
 * documented changes are applied to the direct one; then checks the fields the proxy added.
 */
export function compareRequests(sent: readonly Field[], direct: ReceivedRequest, proxied: ReceivedRequest, expected: ForwardedExpectation): Difference[] {
  const differences: Difference[] = [];
  if (direct.requestLine !== proxied.requestLine) differences.push({ what: "request line", direct: direct.requestLine, proxied: proxied.requestLine });
  const target = direct.requestLine.split(" ")[1] ?? "";
  const authority = /^https?:\/\/([^/?#]*)/i.exec(target)?.[1];
  const clientNamed = connectionOptions(sent);
  const added = DOCUMENTED_CHANGES.addedToRequests as readonly string[];
  const clientRequestId = direct.fields.find(([name]) => lower(name) === "x-request-id")?.[1];
  const keptRequestId = clientRequestId !== undefined && requestIdFrom(clientRequestId) === clientRequestId;

  const predicted = endToEnd(direct.fields, clientNamed)
    .filter(([name]) => !lower(name).startsWith("x-strangler-"))
    .filter(([name]) => !added.includes(lower(name)) || (lower(name) === "x-request-id" && keptRequestId))
    .map(([name, value]): Field => (lower(name) === "host" && authority !== undefined ? [name, authority] : [name, value]));
  const actual = endToEnd(proxied.fields, connectionOptions(proxied.fields)).filter(([name]) => !added.includes(lower(name)) || (lower(name) === "x-request-id" && keptRequestId));
  sameFields("request fields", predicted, actual, differences);
  if (!direct.body.equals(proxied.body)) differences.push({ what: "request body", direct: `${direct.body.length} bytes`, proxied: `${proxied.body.length} bytes` });
  sameFields("request trailers", direct.trailers, proxied.trailers, differences);

  // The fields the proxy adds, with the values it documents.
  const value = (name: string) => proxied.fields.filter(([n]) => lower(n) === name).map(([, v]) => v);
  const host = authority ?? direct.fields.find(([name]) => lower(name) === "host")?.[1];
  const clientVia = direct.fields.find(([name]) => lower(name) === "via")?.[1];
  const expectations: Array<[string, string[]]> = [
    ["x-forwarded-for", [expected.clientAddress]],
    ["x-forwarded-proto", ["http"]],
    ["x-forwarded-host", host === undefined ? [] : [host]],
    ["forwarded", [`for=${expected.clientAddress};host=${/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(host ?? "") ? host : `"${host}"`};proto=http`]],
    ["via", [clientVia === undefined ? expected.via : `${clientVia}, ${expected.via}`]],
  ];
  for (const [name, wanted] of expectations) {
    if (JSON.stringify(value(name)) !== JSON.stringify(wanted)) differences.push({ what: `added field ${name}`, direct: wanted, proxied: value(name) });
  }
  if (!keptRequestId && value("x-request-id").length !== 1) differences.push({ what: "added field x-request-id", direct: "one generated id", proxied: value("x-request-id") });
  return differences;
}

/**
 * Compares the answer a client read straight from the upstream with the one it read through the
 * proxy: 1xx answers, status line, fields, body bytes and trailers, bar the documented changes.
 */
export function compareAnswers(direct: ReceivedAnswer, proxied: ReceivedAnswer): Difference[] {
  const differences: Difference[] = [];
  if (direct.statusLine !== proxied.statusLine) differences.push({ what: "status line", direct: direct.statusLine, proxied: proxied.statusLine });
  const informational = (answer: ReceivedAnswer) => answer.informational.map((one) => ({ statusLine: one.statusLine, fields: endToEnd(one.fields, connectionOptions(one.fields)) }));
  if (JSON.stringify(informational(direct)) !== JSON.stringify(informational(proxied))) {
    differences.push({ what: "1xx answers", direct: informational(direct), proxied: informational(proxied) });
  }
  const directFields = endToEnd(direct.fields, connectionOptions(direct.fields));
  const has = (fields: readonly Field[], name: string) => fields.some(([n]) => lower(n) === name);
  const proxiedFields = endToEnd(proxied.fields, connectionOptions(proxied.fields)).filter(
    ([name]) => !((lower(name) === "x-request-id" || lower(name) === "transfer-encoding") && !has(directFields, lower(name))),
  );
  sameFields("answer fields", directFields, proxiedFields, differences);
  if (!has(directFields, "x-request-id") && !has(proxied.fields, "x-request-id")) differences.push({ what: "added field x-request-id", direct: "one id", proxied: "none" });
  if (!direct.body.equals(proxied.body)) differences.push({ what: "answer body", direct: direct.body.toString("latin1").slice(0, 100), proxied: proxied.body.toString("latin1").slice(0, 100) });
  sameFields("answer trailers", direct.trailers, proxied.trailers, differences);
  return differences;
}
