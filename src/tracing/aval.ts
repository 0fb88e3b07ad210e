// Abstract values: what a tracer knows about the array it stands for.
import { SHORT_NAME, type DType } from "../dtypes.js";
import type { Shape } from "../shape.js";
import { shapesEqual, sizeOf } from "../shape.js";

export class ShapedArray {
  readonly shape: readonly number[];
  constructor(
    shape: Shape,
    readonly dtype: DType,
    /** True for values that came from JS numbers: they adopt the dtype of the other operand. */
    readonly weakType: boolean = false,
  ) {
    this.shape = Object.freeze([...shape]);
  }

  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }

  /** `f32[2,3]`, as JAX prints avals. */
  str(): string {
    return `${SHORT_NAME[this.dtype]}[${this.shape.join(",")}]`;
  }
  toString(): string {
    return this.str();
  }

  equals(other: ShapedArray, checkWeak = false): boolean {
    return (
      this.dtype === other.dtype &&
      shapesEqual(this.shape, other.shape) &&
      (!checkWeak || this.weakType === other.weakType)
    );
  }

  withWeak(weakType: boolean): ShapedArray {
    return weakType === this.weakType ? this : new ShapedArray(this.shape, this.dtype, weakType);
  }

  /** A key that identifies the aval for caches (jit keys include the weak type, as JAX's do). */
  key(): string {
    return `${this.str()}${this.weakType ? "w" : ""}`;
  }
}

/** `jax.ShapeDtypeStruct`: a stand-in for an array in `evalShape`. */
class ShapeDtypeStructImpl {
  readonly shape: readonly number[];
  constructor(
    shape: Shape,
    readonly dtype: DType = "float32",
    readonly weakType = false,
  ) {
    this.shape = Object.freeze([...shape]);
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }
  toString(): string {
    return `ShapeDtypeStruct(shape=[${this.shape.join(", ")}], dtype=${this.dtype})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export type ShapeDtypeStruct = ShapeDtypeStructImpl;

interface ShapeDtypeStructConstructor {
  new (shape: Shape, dtype?: DType, weakType?: boolean): ShapeDtypeStruct;
  (shape: Shape, dtype?: DType, weakType?: boolean): ShapeDtypeStruct;
  prototype: ShapeDtypeStruct;
}

/** Callable with or without `new`, as `jax.ShapeDtypeStruct(shape, dtype)` reads in JAX. */
export const ShapeDtypeStruct = function ShapeDtypeStruct(shape: Shape, dtype: DType = "float32", weakType = false) {
  return new ShapeDtypeStructImpl(shape, dtype, weakType);
} as unknown as ShapeDtypeStructConstructor;
ShapeDtypeStruct.prototype = ShapeDtypeStructImpl.prototype;
