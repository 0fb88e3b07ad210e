// The user-facing array type. `JaxArray` (exported as `jax.Array`) is the base of both concrete
// arrays (which hold a device buffer) and tracers (which stand for values inside a transform).
// numpy-style methods (`x.add(y)`, `x.sum(0)`, ...) are installed by src/numpy/methods.ts.
import type { Device } from "../backend/device.js";
import type { AnyTypedArray } from "../dtypes.js";
import { ConcretizationError } from "../errors.js";
import type { ShapedArray } from "./aval.js";
import type { MainTrace, Trace } from "./trace.js";

/** Nested JS arrays of numbers (or booleans), as `tolist()` returns them. */
export type NestedNumbers = number | boolean | NestedNumbers[];

export abstract class JaxArray {
  abstract get aval(): ShapedArray;

  get shape(): number[] {
    return [...this.aval.shape];
  }
  get dtype() {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.size;
  }
  get weakType(): boolean {
    return this.aval.weakType;
  }

  /** Arrays iterate over their first axis, as numpy's do. */
  *[Symbol.iterator](): Iterator<JaxArray> {
    if (this.ndim === 0) throw new TypeError(`iteration over a 0-d array ${this.aval.str()}`);
    const n = this.aval.shape[0]!;
    for (let i = 0; i < n; i++) yield this.index(i);
  }

  /** `x.index(i)`: the i-th slice along the first axis (negative i counts from the end). */
  abstract index(i: number): JaxArray;

  /** The device holding the buffer (tracers have none). */
  abstract get device(): Device;
  /** A copy of the values, row-major; works on every device. */
  abstract data(): Promise<AnyTypedArray>;
  /** A copy of the values, read synchronously: CPU arrays only. */
  abstract dataSync(): AnyTypedArray;
  /** The values as nested JS arrays. */
  abstract tolist(): Promise<NestedNumbers>;
  /** The single value of a size-1 array; works on every device. */
  abstract item(): Promise<number | boolean>;
  /** The single value of a size-1 array, read synchronously: CPU arrays only. */
  abstract itemSync(): number | boolean;
  /** Frees the buffer now (a no-op for tracers, which own none). Safe to call twice. */
  abstract dispose(): void;
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** A value inside a transform. Each tracer belongs to one trace, which interprets primitives. */
export abstract class Tracer extends JaxArray {
  constructor(readonly trace: Trace) {
    super();
  }
  get main(): MainTrace {
    return this.trace.main;
  }
  /** The value with this trace's boxing removed when it carries nothing (a batch tracer with no batch axis). */
  fullLower(): JaxArray {
    return this;
  }

  override index(i: number): JaxArray {
    return indexImpl(this, i);
  }

  private concretizationError(what: string): never {
    throw new ConcretizationError(
      `${what} of a traced array ${this.aval.str()} inside ${this.trace.constructor.name}: ` +
        `its value is not known while tracing. Use lax.cond / lax.switch instead of if/else on ` +
        `traced values, lax.whileLoop / lax.foriLoop instead of JS loops over them, or mark the ` +
        `argument static with jit(f, { staticArgnums })`,
    );
  }
  override valueOf(): never {
    this.concretizationError("Converting to a JS value");
  }
  [Symbol.toPrimitive](): never {
    this.concretizationError("Converting to a JS value");
  }
  override get device(): never {
    return this.concretizationError("Reading the device");
  }
  // A tracer owns no buffer: `using t = ...` inside a traced function has nothing to free, and
  // must not free the concrete values a JVP or batch tracer wraps.
  override dispose(): void {}
  override item(): never {
    this.concretizationError("Reading item()");
  }
  override itemSync(): never {
    this.concretizationError("Reading itemSync()");
  }
  override dataSync(): never {
    this.concretizationError("Reading dataSync()");
  }
  override data(): never {
    this.concretizationError("Reading data()");
  }
  override tolist(): never {
    this.concretizationError("Reading tolist()");
  }
  override toString(): string {
    return `Traced<${this.aval.str()}>with<${this.trace.constructor.name}>`;
  }
}

/** Filled by the numpy layer: basic indexing used by iteration. */
export let indexImpl: (x: JaxArray, i: number) => JaxArray = () => {
  throw new Error("jax-ts: numpy layer not loaded");
};
export function setIndexImpl(f: (x: JaxArray, i: number) => JaxArray): void {
  indexImpl = f;
}

export function isTracer(x: unknown): x is Tracer {
  return x instanceof Tracer;
}
