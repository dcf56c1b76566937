/**
 * Runs tasks so that tasks of the same key run one after another, in the order they were added,
 * while tasks of different keys run at the same time; at most `limit` tasks are held at once.
 * The relay uses it so that two changes of one row are never in flight together.
 */
export class KeyLanes {
  private readonly tails = new Map<string, Promise<void>>();
  private held = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Number of tasks accepted and not yet finished. */
  get size(): number {
    return this.held;
  }

  /** True while `limit` tasks are held: `add` must wait for `slot()`. */
  get full(): boolean {
    return this.held >= this.limit;
  }

  /** Resolves once `free` slots are free (at least one; at most `limit`); call before `add`. */
  async slot(free = 1): Promise<void> {
    const wanted = Math.min(this.limit, Math.max(1, free));
    while (this.limit - this.held < wanted) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Queues `task` behind the unfinished tasks of `key`. A task must not reject. */
  add(key: string, task: () => Promise<void>): void {
    this.held += 1;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const tail = previous.then(task).finally(() => {
      this.held -= 1;
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.tails.set(key, tail);
  }

  /** Resolves when every accepted task has finished. */
  async drained(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
