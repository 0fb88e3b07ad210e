// Deterministic test inputs for primitive specs.
import { arrayFromHost, deviceFor } from "../../src/array.js";
import type { Device } from "../../src/backend/device.js";
import { castScalar, isFloat, type DType } from "../../src/dtypes.js";
import { sizeOf } from "../../src/shape.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { ShapeDtypeStruct } from "../../src/tracing/aval.js";
import { evalShape } from "../../src/transforms/eval-shape.js";
import { flatten } from "../../src/tree/pytree.js";
import type { ArgSpec, PrimitiveSpec, RefValue } from "../specs/spec.js";

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

/**
 * The inputs of one call, all on one device: `device` if given, else where float64 lives when an
 * input is float64 (the CPU beside WebGPU), so index and predicate operands sit beside the float64
 * data; otherwise the default device.
 */
export function makeInputs(
  args: ArgSpec[],
  seed: number,
  dtypeOverride?: DType,
  device?: Device,
): { arrays: JaxArray[]; refs: RefValue[] } {
  const rand = rng(seed);
  const dtypes = args.map((arg) =>
    dtypeOverride && isFloat(arg.dtype ?? "float32") && !arg.nondiff ? dtypeOverride : (arg.dtype ?? "float32"),
  );
  const placed = device ?? (dtypes.includes("float64") ? deviceFor("float64") : undefined);
  const arrays: JaxArray[] = [];
  const refs: RefValue[] = [];
  args.forEach((arg, i) => {
    const values = argValues({ ...arg, dtype: dtypes[i]! }, rand);
    arrays.push(arrayFromHost(values, arg.shape, dtypes[i]!, false, placed));
    refs.push({ shape: [...arg.shape], data: values });
  });
  return { arrays, refs };
}

/**
 * Where a spec with float64 outputs must run (float64 lives on the CPU beside WebGPU, and a WebGPU
 * array cannot become float64 without a read); undefined for the others, which use the default.
 */
export function specDevice(spec: PrimitiveSpec): Device | undefined {
  const avals = spec.args.map((a) => new ShapeDtypeStruct(a.shape, a.dtype ?? "float32"));
  const [outs] = flatten<ShapeDtypeStruct>(evalShape(spec.fn as (...xs: unknown[]) => unknown, ...avals));
  return outs.some((o) => o.dtype === "float64") ? deviceFor("float64") : undefined;
}
