import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { CdcError } from "../core/errors";
import { connectNats } from "./nats-connection";
import { findNatsServer, startNatsServer } from "./nats-server-launcher";

describe("nats-server launcher", () => {
  it("starts JetStream on a free port with a temp store and restarts on the same port and store with the data kept", async () => {
    const first = await startNatsServer();
    try {
      expect(first.url).toBe(`nats://127.0.0.1:${first.port}`);
      const nc = await connectNats(first.url, "launcher-test");
      await (await jetstreamManager(nc)).streams.add({ name: "KEEP", subjects: ["keep.>"] });
      await nc.close();
      await first.kill9();

      const second = await startNatsServer({ storeDir: first.storeDir, port: first.port });
      try {
        expect(second.port).toBe(first.port);
        const again = await connectNats(second.url, "launcher-test");
        const names: string[] = [];
        for await (const name of (await jetstreamManager(again)).streams.names()) names.push(name);
        expect(names).toContain("KEEP");
        await again.close();
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      rmSync(first.storeDir, { recursive: true, force: true });
    }
  });

  it("deletes the temp store it created when stopped, and keeps a store it was given", async () => {
    const own = await startNatsServer();
    await own.stop();
    expect(existsSync(own.storeDir)).toBe(false);
    const given = mkdtempSync(join(tmpdir(), "strangler-given-store-"));
    try {
      const server = await startNatsServer({ storeDir: given });
      await server.stop();
      expect(existsSync(given)).toBe(true);
    } finally {
      rmSync(given, { recursive: true, force: true });
    }
  });

  it("names the Debian package to install when the binary is missing", () => {
    let error: unknown;
    try {
      findNatsServer("/nonexistent", "/nonexistent/nats-server");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CdcError);
    expect(error).toMatchObject({ code: "CDC_ERR_NATS_SERVER_MISSING", message: expect.stringContaining("apt-get install -y nats-server") });
  });

  it("reports a server that exits during start with its output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strangler-fake-nats-"));
    const binary = join(dir, "nats-server");
    writeFileSync(binary, "#!/bin/sh\necho 'boom: cannot start' >&2\nexit 3\n", { mode: 0o755 });
    try {
      await expect(startNatsServer({ binary })).rejects.toMatchObject({ code: "CDC_ERR_NATS_SERVER_START", message: expect.stringContaining("boom: cannot start") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
