import { hostname } from "node:os";
import { safeError, type Logger } from "../../platform";
import { sleep } from "../core/backoff";
import { BackgroundLoop } from "../core/background-loop";
import { leaseExpired } from "./cutover-lease-store";
import { planSettle } from "./settle-plan";
import type { WriteGroup } from "./write-group";

export interface OwnershipKeeperOptions {
  /** How often to look (default 1000 ms). A look is read-only while everything agrees. */
  everyMs?: number;
  /**
   * How often a look includes the proxy's view of the group (default 10 s; every look while a lease
   * is settled). Only a dead cut-over or a proxy that lost its flags can make it disagree, and each
   * look is a request in the proxy's access log.
   */
  proxyEveryMs?: number;
  /** Who the keeper is, in leases and logs (default `keeper:<host>:<pid>`). */
  holder?: string;
  logger?: Logger;
}

/** What one look found and did. */
export interface KeeperTick {
  /** `idle`: everything agrees; `busy`: a live lease is at work; `settled`: the keeper changed something. */
  outcome: "idle" | "busy" | "settled";
  done: string[];
}

/**
 * Keeps a write group agreeing with its ownership record, from inside the service: at start (a
 * service database that starts unfenced is fenced before the service takes traffic) and then
 * every `everyMs`. When a cut-over dies, its lease expires; the keeper takes the lease over and
 * settles the group as the record says — undoes the cut-over if it had not committed, finishes it
 * if it had. While a live lease exists it does nothing; while all agrees it only reads.
 */
export class OwnershipKeeper extends BackgroundLoop {
  private readonly holder: string;
  private lastError: string | null = null;
  private lastProxyLook = 0;

  constructor(
    private readonly group: WriteGroup,
    private readonly options: OwnershipKeeperOptions = {},
  ) {
    super();
    this.holder = options.holder ?? `keeper:${hostname()}:${process.pid}`;
  }

  /** One look: settles the group when no live lease is at work and something disagrees. */
  async tick(): Promise<KeeperTick> {
    const withProxy = Date.now() - this.lastProxyLook >= (this.options.proxyEveryMs ?? 10_000);
    if (withProxy) this.lastProxyLook = Date.now();
    const state = await this.group.state({ proxy: withProxy });
    if (state.lease && !leaseExpired(state.lease)) return { outcome: "busy", done: [] };
    if (!state.lease && planSettle(state, null).length === 0) return { outcome: "idle", done: [] };
    const held = state.lease
      ? await this.group.leases.takeOver(state.lease, this.holder, this.group.leaseMs)
      : await this.group.leases.acquire({ group: this.group.name, holder: this.holder, from: state.owner, to: state.owner, reason: "keeper: settle", leaseMs: this.group.leaseMs });
    if (!held) return { outcome: "busy", done: [] };
    if (state.lease) {
      const finished = state.owner === state.lease.to && state.lease.from !== state.lease.to;
      this.options.logger?.warn(finished ? "finishing an interrupted cut-over: it had committed" : "undoing an interrupted cut-over: it had not committed", {
        group: this.group.name,
        deadHolder: state.lease.holder,
        from: state.lease.from,
        to: state.lease.to,
        lastStep: state.lease.step,
        expiredAt: state.lease.expiresAt,
        owner: state.owner,
      });
    }
    try {
      const done = await this.group.settle(held);
      if (done.length > 0) this.options.logger?.info("write group settled", { group: this.group.name, owner: state.owner, done });
      return { outcome: "settled", done };
    } finally {
      await this.group.leases.release(held);
    }
  }

  protected async run(): Promise<void> {
    try {
      while (!this.stopping) {
        try {
          await this.tick();
          if (this.lastError) this.options.logger?.info("ownership keeper recovered", { group: this.group.name });
          this.lastError = null;
        } catch (err) {
          // A database busy for a moment, the proxy restarting: nothing is lost by trying again.
          const message = safeError(err).message;
          if (message !== this.lastError) this.options.logger?.warn("ownership keeper could not settle, retrying", { group: this.group.name, err: message });
          this.lastError = message;
        }
        await sleep(this.options.everyMs ?? 1000);
      }
    } finally {
      this.running = false;
    }
  }
}
