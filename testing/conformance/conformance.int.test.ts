import { startProxy, type StartedProxy } from "../proxy";
import { tempDir, type TempDir } from "../temp-dir";
import {
  answerRequest,
  compareAnswers,
  compareRequests,
  exchange,
  REQUEST_CASES,
  requestBytes,
  RESPONSE_CASES,
  startRawEchoUpstream,
  upstreamAnswers,
  type Difference,
  type RawEchoUpstream,
} from ".";

// Each case is two exchanges on fresh connections; a busy 2-core machine gets time.
jest.setTimeout(120_000);

let upstream: RawEchoUpstream;
let proxy: StartedProxy;
let proxyPort: number;
let dir: TempDir;

beforeAll(async () => {
  upstream = await startRawEchoUpstream(upstreamAnswers());
  dir = tempDir("conformance-");
  // The minimal table `strangler init` writes: one upstream (the default without saying so), no routes.
  proxy = await startProxy({ dataDir: dir.path, config: { upstreams: [{ name: "legacy", url: upstream.url }] } });
  proxyPort = Number(new URL(proxy.url).port);
});

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  dir?.remove();
});

/** Sends `bytes` to `port` and returns what the upstream read for it. */
async function received(port: number, testCase: (typeof REQUEST_CASES)[number]) {
  const before = upstream.received.length;
  const answer = await exchange(port, requestBytes(testCase), { method: testCase.method });
  expect(answer.status).toBe(200);
  expect(upstream.received.length).toBe(before + 1);
  return upstream.received[before];
}

describe("conformance: the upstream cannot tell the proxy from a direct client", () => {
  it("has a corpus of at least 60 requests and 20 answers", () => {
    expect(REQUEST_CASES.length).toBeGreaterThanOrEqual(60);
    expect(RESPONSE_CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(REQUEST_CASES.map((c) => c.name)).size).toBe(REQUEST_CASES.length);
  });

  it("delivers every request of the corpus as a direct client would, bar the documented fields", async () => {
    const found: Array<{ name: string; differences: Difference[] }> = [];
    for (const testCase of REQUEST_CASES) {
      const direct = await received(upstream.port, testCase);
      const proxied = await received(proxyPort, testCase);
      const differences = compareRequests(testCase.fields, direct, proxied, { clientAddress: "127.0.0.1", via: "1.1 strangler" });
      if (differences.length > 0) found.push({ name: testCase.name, differences });
    }
    // Printed in full so a failure says which case and which field.
    expect(found).toEqual([]);
  });

  it("delivers every answer of the corpus as the upstream sent it, bar the documented fields", async () => {
    const found: Array<{ name: string; differences: Difference[] }> = [];
    for (const [index, testCase] of RESPONSE_CASES.entries()) {
      const method = testCase.method ?? "GET";
      const direct = await exchange(upstream.port, answerRequest(index, method), { method });
      const proxied = await exchange(proxyPort, answerRequest(index, method), { method });
      const differences = compareAnswers(direct, proxied);
      if (differences.length > 0) found.push({ name: testCase.name, differences });
    }
    expect(found).toEqual([]);
  });
});
