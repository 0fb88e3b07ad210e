// numpy-style methods on every array and tracer (`x.add(y)`, `x.sum(0)`, `x.T`, ...).
import type { ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import * as lax from "../lax/index.js";
import { JaxArray, setIndexImpl } from "../tracing/array.js";
import * as jnp from "./elementwise.js";
import { sum, type Axis, type ReduceOptions } from "./reductions.js";

declare module "../tracing/array.js" {
  interface JaxArray {
    add(y: ArrayLike): JaxArray;
    sub(y: ArrayLike): JaxArray;
    mul(y: ArrayLike): JaxArray;
    div(y: ArrayLike): JaxArray;
    neg(): JaxArray;
    sum(axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray;
    reshape(shape: readonly number[]): JaxArray;
    astype(dtype: DType): JaxArray;
    readonly T: JaxArray;
  }
}

const methods: Partial<Record<keyof JaxArray, unknown>> = {
  add(this: JaxArray, y: ArrayLike) {
    return jnp.add(this, y);
  },
  sub(this: JaxArray, y: ArrayLike) {
    return jnp.subtract(this, y);
  },
  mul(this: JaxArray, y: ArrayLike) {
    return jnp.multiply(this, y);
  },
  div(this: JaxArray, y: ArrayLike) {
    return jnp.divide(this, y);
  },
  neg(this: JaxArray) {
    return jnp.negative(this);
  },
  sum(this: JaxArray, axis?: Axis | ReduceOptions, options?: ReduceOptions) {
    return sum(this, axis, options);
  },
  reshape(this: JaxArray, shape: readonly number[]) {
    return lax.reshape(this, shape);
  },
  astype(this: JaxArray, dtype: DType) {
    return lax.convertElementType(this, dtype);
  },
};
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(JaxArray.prototype, name, { value: fn, writable: true, configurable: true });
}
Object.defineProperty(JaxArray.prototype, "T", {
  get(this: JaxArray) {
    return lax.transpose(
      this,
      this.shape.map((_, i) => this.ndim - 1 - i),
    );
  },
  configurable: true,
});

setIndexImpl((x, i) => {
  const n = x.shape[0]!;
  const j = i < 0 ? i + n : i;
  // Placeholder until slicing lands: a reshape of a one-row slice via a gather is not available yet.
  void j;
  throw new Error("index: not available yet");
});
