// A stream: the order in which a device runs the work issued to it, as JAX's asynchronous
// dispatch has it. Work runs at once while nothing is pending; an asynchronous item (a loop that
// reads its predicate from the device between kernels) holds back everything issued after it
// until it settles, so callers never wait and results come out as if run in program order.
//
// Streams nest: while an asynchronous item runs a synchronous segment (one loop iteration), the
// work it issues goes to its own child stream, which runs ahead of the work queued behind the item.

/** One item of work: synchronous, or a promise that holds the stream until it settles. */
export type Work = () => void | Promise<void>;

export class Stream {
  readonly #queue: Work[] = [];
  #held = false;

  /** Whether work issued now would wait (an asynchronous item is running or queued work remains). */
  get busy(): boolean {
    return this.#held || this.#queue.length > 0;
  }

  /** Runs `work` now if the stream is idle, else after the work issued before it. */
  issue(work: Work): void {
    if (this.busy) this.#queue.push(work);
    else this.#run(work);
  }

  /** A promise that settles once everything issued so far has run. */
  fence(): Promise<void> {
    return new Promise((resolve) => this.issue(resolve));
  }

  #run(work: Work): void {
    // Work reports its own failures (it poisons its outputs); a throw here is an internal error,
    // and letting it escape would leave the stream held forever.
    let result: void | Promise<void>;
    try {
      result = work();
    } catch (e) {
      reportInternal(e);
      return;
    }
    if (result instanceof Promise) {
      this.#held = true;
      result.catch(reportInternal).finally(() => {
        this.#held = false;
        this.#drain();
      });
    }
  }

  #drain(): void {
    while (!this.#held && this.#queue.length > 0) this.#run(this.#queue.shift()!);
  }
}

function reportInternal(e: unknown): void {
  console.error("jax-ts: internal error in queued device work:", e);
}

/**
 * A device's streams: the top-level one, and the child stream of the asynchronous item whose
 * synchronous segment is running now (work issued then belongs to that item).
 */
export class StreamStack {
  readonly #stack: Stream[] = [new Stream()];

  get current(): Stream {
    return this.#stack[this.#stack.length - 1]!;
  }

  /** Runs `f` with `stream` as the current stream. */
  within<T>(stream: Stream, f: () => T): T {
    this.#stack.push(stream);
    try {
      return f();
    } finally {
      this.#stack.pop();
    }
  }
}
