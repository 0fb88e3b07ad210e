// Deterministic test inputs for primitive specs.
import { arrayFromHost } from "../../src/array.js";
import { castScalar, isFloat, type DType } from "../../src/dtypes.js";
import { sizeOf } from "../../src/shape.js";
import type { JaxArray } from "../../src/tracing/array.js";
import type { ArgSpec, RefValue } from "../specs/spec.js";

/** mulberry32: a tiny seeded generator, so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function argValues(arg: ArgSpec, rand: () => number): number[] {
  const dtype: DType = arg.dtype ?? "float32";
  if (arg.values) return arg.values.map((v) => castScalar(v, dtype));
  const [lo, hi] = arg.domain ?? (dtype === "bool" ? [0, 1] : dtype === "uint32" ? [0, 10] : [-2, 2]);
  const n = sizeOf(arg.shape);
  return Array.from({ length: n }, () => {
    if (dtype === "bool") return rand() < 0.5 ? 1 : 0;
    if (!isFloat(dtype)) return Math.floor(lo + rand() * (hi - lo + 1));
    return castScalar(lo + rand() * (hi - lo), dtype);
  });
}

export function makeInputs(args: ArgSpec[], seed: number, dtypeOverride?: DType): { arrays: JaxArray[]; refs: RefValue[] } {
  const rand = rng(seed);
  const arrays: JaxArray[] = [];
  const refs: RefValue[] = [];
  for (const arg of args) {
    const dtype = dtypeOverride && isFloat(arg.dtype ?? "float32") && !arg.nondiff ? dtypeOverride : (arg.dtype ?? "float32");
    const values = argValues({ ...arg, dtype }, rand);
    arrays.push(arrayFromHost(values, arg.shape, dtype));
    refs.push({ shape: [...arg.shape], data: values });
  }
  return { arrays, refs };
}
