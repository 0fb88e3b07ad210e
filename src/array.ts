// Concrete arrays: an aval plus a buffer on a device. Users never count references: `dispose()`
// or a `using` block frees the buffer now, and a FinalizationRegistry frees it when the array is
// collected (the backstop for ordinary code).
import { allocTyped, castScalar, isFloat, type AnyTypedArray, type DType } from "./dtypes.js";
import { DisposedError, ValueError } from "./errors.js";
import type { Device } from "./backend/device.js";
import { cpuDevice } from "./backend/cpu.js";
import { defaultDevice } from "./backend/devices.js";
import { ShapedArray } from "./tracing/aval.js";
import { JaxArray, indexImpl, type NestedNumbers } from "./tracing/array.js";
import { sizeOf, type Shape } from "./shape.js";

interface Held {
  device: Device;
  buffer: unknown;
}

let liveCount = 0;
/** Number of concrete arrays not yet disposed or collected (for tests of the memory model). */
export function liveArrays(): number {
  return liveCount;
}

// One registry entry per array (registration is a measurable cost on hot paths).
const collector = new FinalizationRegistry<Held>((held) => {
  liveCount--;
  held.device.free(held.buffer);
});

export class ArrayImpl extends JaxArray {
  readonly #aval: ShapedArray;
  #held: Held | null;

  constructor(aval: ShapedArray, device: Device, buffer: unknown) {
    super();
    this.#aval = aval;
    this.#held = { device, buffer };
    collector.register(this, this.#held, this);
    liveCount++;
  }

  get aval(): ShapedArray {
    return this.#aval;
  }

  override get device(): Device {
    return this.#live().device;
  }

  /** The device buffer (for backends and transforms; not part of the public API). */
  get buffer(): unknown {
    return this.#live().buffer;
  }

  get isDisposed(): boolean {
    return this.#held === null;
  }

  #live(): Held {
    if (this.#held === null) {
      throw new DisposedError(
        this.#donatedTo
          ? `array ${this.#aval.str()} was donated to ${this.#donatedTo} (donateArgnums) and is no longer valid; ` +
              `use the arrays the call returned`
          : `array ${this.#aval.str()} was used after dispose(); keep it alive until its last use`,
      );
    }
    return this.#held;
  }

  /** Where this array was donated, once it has been. */
  #donatedTo: string | null = null;

  /**
   * Hands the buffer to a computation that reuses it (jit's donateArgnums): this array is invalid
   * afterwards, and the caller owns the buffer (and frees it).
   */
  donateBuffer(to: string): unknown {
    const { buffer } = this.#live();
    collector.unregister(this);
    liveCount--;
    this.#held = null;
    this.#donatedTo = to;
    return buffer;
  }

  /** Marks the array donated when the computation could not reuse its buffer: freed now, invalid after. */
  invalidateDonated(to: string): void {
    if (this.#held === null) return;
    this.dispose();
    this.#donatedTo = to;
  }

  /** Frees the buffer now. Safe to call twice. */
  override dispose(): void {
    if (this.#held === null) return;
    collector.unregister(this);
    liveCount--;
    this.#held.device.free(this.#held.buffer);
    this.#held = null;
  }

  override [Symbol.dispose](): void {
    this.dispose();
  }

  /** A copy of the values, row-major. Works on every device. */
  override async data(): Promise<AnyTypedArray> {
    const { device, buffer } = this.#live();
    return (await device.read(buffer, this.#aval)).slice();
  }

  /** A copy of the values, read synchronously: CPU arrays only. */
  override dataSync(): AnyTypedArray {
    const { device, buffer } = this.#live();
    return device.readSync(buffer, this.#aval).slice();
  }

  override async tolist(): Promise<NestedNumbers> {
    return toNested(await this.data(), this.#aval.shape, this.#aval.dtype);
  }
  tolistSync(): NestedNumbers {
    return toNested(this.dataSync(), this.#aval.shape, this.#aval.dtype);
  }

  /** The single value of a size-1 array (synchronous on CPU). */
  override async item(): Promise<number | boolean> {
    if (this.size !== 1) {
      throw new ValueError(`item: array ${this.#aval.str()} has ${this.size} elements; only size-1 arrays convert to a scalar`);
    }
    const v = (await this.data())[0]!;
    return this.dtype === "bool" ? v !== 0 : v;
  }

  override itemSync(): number | boolean {
    if (this.size !== 1) {
      throw new ValueError(`item: array ${this.#aval.str()} has ${this.size} elements; only size-1 arrays convert to a scalar`);
    }
    const v = this.dataSync()[0]!;
    return this.dtype === "bool" ? v !== 0 : v;
  }

  override valueOf(): number {
    const v = this.itemSync();
    return typeof v === "boolean" ? Number(v) : v;
  }

  override index(i: number): JaxArray {
    return indexImpl(this, i);
  }

  override toString(): string {
    if (this.#held === null) return `Array(<disposed>, dtype=${this.dtype})`;
    let body: string;
    try {
      body = formatNested(this.tolistSync(), this.dtype);
    } catch {
      body = "<on device>";
    }
    return `Array(${body}, dtype=${this.dtype})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}


function toNested(data: AnyTypedArray, shape: readonly number[], dtype: DType): NestedNumbers {
  const conv = (v: number): number | boolean => (dtype === "bool" ? v !== 0 : v);
  if (shape.length === 0) return conv(data[0]!);
  let offset = 0;
  const build = (dim: number): NestedNumbers[] => {
    const n = shape[dim]!;
    const out: NestedNumbers[] = [];
    for (let i = 0; i < n; i++) {
      if (dim === shape.length - 1) out.push(conv(data[offset++]!));
      else out.push(build(dim + 1));
    }
    return out;
  };
  return build(0);
}

function formatNested(x: NestedNumbers, dtype: DType): string {
  if (Array.isArray(x)) return `[${x.map((e) => formatNested(e, dtype)).join(", ")}]`;
  if (typeof x === "boolean") return x ? "True" : "False";
  if (isFloat(dtype)) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    return Number.isInteger(x) ? `${x}.` : shortestRepr(x, dtype);
  }
  return String(x);
}

/** The shortest decimal that reads back as the same value of `dtype` (numpy's repr). */
export function shortestRepr(x: number, dtype: DType): string {
  if (dtype === "float64") return String(x);
  for (let p = 1; p <= 17; p++) {
    const s = x.toPrecision(p);
    if (castScalar(Number(s), dtype) === x) return String(Number(s));
  }
  return String(x);
}

/**
 * The device a new array of `dtype` goes to when none is named: the default device, except that
 * float64 arrays live on the CPU (WebGPU has no float64, and no device emulates it). This is the
 * one place the placement rule is written; ops on float64 arrays then run where their operands are.
 */
export function deviceFor(dtype: DType): Device {
  const d = defaultDevice();
  return dtype === "float64" && d.platform !== "cpu" ? cpuDevice : d;
}

/** Makes a concrete array from host data (copied into a new buffer of `dtype`), on `deviceFor(dtype)` unless a device is named. */
export function arrayFromHost(
  data: ArrayLike<number>,
  shape: Shape,
  dtype: DType,
  weakType = false,
  device: Device = deviceFor(dtype),
): ArrayImpl {
  const n = sizeOf(shape);
  if (data.length !== n) {
    throw new ValueError(`array: ${data.length} values do not fill shape [${shape.join(",")}] (${n} elements)`);
  }
  const typed = allocTyped(dtype, n);
  for (let i = 0; i < n; i++) typed[i] = castScalar(data[i]!, dtype);
  const aval = new ShapedArray(shape, dtype, weakType);
  return new ArrayImpl(aval, device, device.upload(typed, aval));
}

/** Wraps a freshly computed buffer without copying. */
export function arrayFromBuffer(aval: ShapedArray, device: Device, buffer: unknown): ArrayImpl {
  return new ArrayImpl(aval, device, buffer);
}

/** A scalar from a JS number or boolean; weakly typed unless a dtype is given (JAX's Python scalars). */
export function scalar(x: number | boolean, dtype?: DType, weakType: boolean = dtype === undefined): ArrayImpl {
  if (typeof x === "boolean") return arrayFromHost([x ? 1 : 0], [], "bool", false);
  const isInt32 = Number.isInteger(x) && x >= -(2 ** 31) && x < 2 ** 31;
  const d: DType = dtype ?? (isInt32 ? "int32" : "float32");
  // Weak scalars live on the host and follow the other operands to their device when used.
  const weak = weakType && d !== "bool";
  return arrayFromHost([x], [], d, weak, weak ? cpuDevice : deviceFor(d));
}
