import type { DataSource, EntityManager } from "typeorm";
import { freezeProcess, safeErrorMessage, type Logger } from "../../platform";
import { LegacyCallLog } from "./legacy-call-log";

/** The legacy side said no for certain (a 4xx naming why): nothing happened there, nothing to undo. */
export class LegacyRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "LegacyRefusal";
  }
}

/** The legacy side did not answer (after retries) and the call was undone or will be by the recovery: nothing was made. */
export class LegacyUnavailable extends Error {
  constructor(readonly key: string, readonly reason: string) {
    super(`the legacy side did not answer call ${key} (${reason}); nothing was made`);
    this.name = "LegacyUnavailable";
  }
}

/** A kind of call (e.g. "take-stock"): how to undo one, by its key. */
export interface LegacyCallKind<TPayload = unknown> {
  kind: string;
  /**
   * Undoes the call made with `key` on the legacy side. Must be idempotent, must be safe for a call
   * that never arrived, and must stop the original request from doing anything should it arrive
   * later (the shop's `POST /inventory/movements/:key/revert` remembers the key).
   */
  compensate(key: string, payload: TPayload): Promise<void>;
}

/** One call and the service's own write it is for. */
export interface LegacyCall<TPayload, TResult, TOutcome> {
  /** Unique per attempt of the user's request (a UUID): the idempotency key on the legacy side. */
  key: string;
  /** What the compensation needs, kept in the log as JSON. */
  payload: TPayload;
  /** The call, idempotent by `key`: throws LegacyRefusal for a certain no; any other error is "unknown". */
  call(): Promise<TResult>;
  /** The service's own write, in its transaction; the log row becomes `done` in the same transaction. */
  commit(tx: EntityManager, result: TResult): Promise<TOutcome>;
}

export interface LegacyCallsOptions {
  logger?: Logger;
  /** Tries of a call that got no answer, same key each time (default 3). */
  attempts?: number;
  /** Pause between them (default 200 ms, doubling). */
  retryBaseMs?: number;
  /** A started call of this process older than this is an orphan (default 60 s; longer than any call's timeout). */
  maxCallMs?: number;
  /** Recovery rounds (default every 2 s). */
  recoverEveryMs?: number;
  /**
   * Fault injection only (docs/faults.md): freeze the whole process right after a call was
   * answered and before the service's own write, so a test's kill -9 lands exactly between the two.
   */
  freezeAfterCall?: boolean;
}

/**
 * A service's calls to the legacy side that go with a write of its own (an order placed here,
 * its stock taken in the monolith): either both happen, or the call is undone. The protocol:
 * 1. log the call `started` (committed) — from here on a crash leaves a row the recovery finds;
 * 2. make the call with its idempotency key, retrying the same key when no answer comes;
 * 3. commit the service's write and mark the call `done` in ONE transaction;
 * 4. when 2 gives no answer or 3 fails: compensate (undo by key) and mark it `compensated`; when
 *    the compensation cannot be made now, the row stays `started` and the recovery retries it.
 * The recovery (at start and every few seconds) compensates every started call of an earlier life
 * of the service (killed between 1 and 3) and any of this process older than `maxCallMs`.
 */
export class LegacyCalls {
  readonly log: LegacyCallLog;
  private readonly kinds = new Map<string, LegacyCallKind<any>>();
  private readonly options: Required<Omit<LegacyCallsOptions, "logger" | "freezeAfterCall">> & Pick<LegacyCallsOptions, "logger" | "freezeAfterCall">;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;

  constructor(
    private readonly db: DataSource,
    kinds: ReadonlyArray<LegacyCallKind<any>>,
    options: LegacyCallsOptions = {},
  ) {
    this.log = new LegacyCallLog(db);
    for (const kind of kinds) this.kinds.set(kind.kind, kind);
    this.options = { attempts: 3, retryBaseMs: 200, maxCallMs: 60_000, recoverEveryMs: 2000, ...options };
  }

  async run<TPayload, TResult, TOutcome>(kind: string, call: LegacyCall<TPayload, TResult, TOutcome>): Promise<TOutcome> {
    if (!this.kinds.has(kind)) throw new Error(`unknown legacy call kind "${kind}": register it with LegacyCalls`);
    await this.log.start(call.key, kind, call.payload);
    let result: TResult;
    try {
      result = await this.callWithRetries(call);
    } catch (err) {
      if (err instanceof LegacyRefusal) {
        await this.log.settle(call.key, "refused");
        throw err;
      }
      await this.compensate(call.key);
      throw new LegacyUnavailable(call.key, safeErrorMessage(err));
    }
    if (this.options.freezeAfterCall) freezeProcess(`after legacy call ${call.key} (${kind}), before the service's write`);
    try {
      return await this.db.transaction(async (tx) => {
        const outcome = await call.commit(tx, result);
        await this.log.finish(tx, call.key);
        return outcome;
      });
    } catch (err) {
      this.options.logger?.warn("service write failed after its legacy call: compensating", { key: call.key, kind, err: safeErrorMessage(err) });
      await this.compensate(call.key);
      throw err;
    }
  }

  /** One recovery round: compensates orphaned started calls; returns how many it settled. */
  recover(): Promise<number> {
    // One round at a time: the timer's and a caller's never overlap.
    this.round ??= this.recoverNow().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  /** Runs a recovery round now and then every `recoverEveryMs`. */
  async start(): Promise<void> {
    await this.recover();
    this.timer = setInterval(() => void this.recover().catch((err: unknown) => this.options.logger?.error("legacy call recovery failed", { err: safeErrorMessage(err) })), this.options.recoverEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round?.catch(() => undefined);
  }

  private async recoverNow(): Promise<number> {
    let settled = 0;
    for (const row of await this.log.orphans(this.options.maxCallMs)) {
      this.options.logger?.warn("recovering a legacy call left started", { key: row.key, kind: row.kind, process: row.process, since: row.createdAt });
      if (await this.compensate(row.key)) settled += 1;
    }
    return settled;
  }

  private async callWithRetries<TResult>(call: LegacyCall<unknown, TResult, unknown>): Promise<TResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call.call();
      } catch (err) {
        if (err instanceof LegacyRefusal || attempt >= this.options.attempts) throw err;
        this.options.logger?.warn("legacy call got no answer, retrying with the same key", { key: call.key, attempt, err: safeErrorMessage(err) });
        await new Promise((resolve) => setTimeout(resolve, this.options.retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** Compensates a started call; false (and the row stays started) when that cannot be done now. */
  private async compensate(key: string): Promise<boolean> {
    const row = await this.log.read(key);
    // Only a started call: a done one has its service write committed (never undo that), a settled one is settled.
    if (!row || row.state !== "started") return false;
    const kind = this.kinds.get(row.kind);
    if (!kind) {
      await this.log.failedAttempt(key, `no compensation registered for kind "${row.kind}"`);
      return false;
    }
    try {
      await kind.compensate(key, row.payload);
    } catch (err) {
      await this.log.failedAttempt(key, safeErrorMessage(err));
      this.options.logger?.error("compensation failed; the recovery retries it", { key, kind: row.kind, err: safeErrorMessage(err) });
      return false;
    }
    const settled = await this.log.settle(key, "compensated");
    this.options.logger?.info("legacy call compensated", { key, kind: row.kind });
    return settled;
  }
}
