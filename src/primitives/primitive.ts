// What a primitive is: one object that holds everything about an operation. Its shape rule is
// where user errors are thrown, so eager, jit, vmap and grad report the same message.
import type { AnyTypedArray, DType } from "../dtypes.js";
import type { ShapedArray } from "../tracing/aval.js";
import type { JaxArray } from "../tracing/array.js";

/** A contiguous row-major host tensor, as CPU kernels see their operands. */
export interface HostTensor {
  readonly data: AnyTypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A symbolic zero tangent or cotangent: costs nothing and carries only its aval. */
export class Zero {
  readonly #brand = "Zero";
  constructor(readonly aval: ShapedArray) {}
}
export type Tangent = JaxArray | Zero;

/** Marks a linear input whose value is unknown in a transpose rule (JAX's `UndefinedPrimal`). */
export class UndefinedPrimal {
  readonly #brand = "UndefinedPrimal";
  constructor(readonly aval: ShapedArray) {}
}
export type TransposeArg = JaxArray | UndefinedPrimal;

/** Batch dimension of each operand in a batching rule; null means the operand is not batched. */
export type BDim = number | null;

export type Params = object;

export interface Primitive<P extends Params = Params> {
  readonly name: string;
  /** Shape/dtype rule: output avals from input avals. Throws the user-facing errors. */
  abstractEval(avals: readonly ShapedArray[], params: P): ShapedArray[];
  /** CPU reference kernel: fills one output buffer per output aval. */
  impl?(inputs: readonly HostTensor[], params: P, outAvals: readonly ShapedArray[]): AnyTypedArray[];
  /** For higher-order primitives (cond, while, scan, jit, custom rules): evaluate by binding others. */
  evalRule?(args: readonly JaxArray[], params: P): JaxArray[];
  /** Forward-mode rule; tangents may be symbolic zeros. Returns [primal outputs, tangent outputs]. */
  jvp?(primals: readonly JaxArray[], tangents: readonly Tangent[], params: P): [JaxArray[], Tangent[]];
  /** For primitives linear in some inputs: cotangents of the UndefinedPrimal inputs (Zero/null elsewhere). */
  transpose?(cts: readonly Tangent[], args: readonly TransposeArg[], params: P): (Tangent | null)[];
  /** vmap rule: outputs and their batch dims. */
  batch?(args: readonly JaxArray[], dims: readonly BDim[], params: P): [JaxArray[], BDim[]];
  /** How params print in a jaxpr (default: each key=value). */
  printParams?(params: P): [string, unknown][];
}

const registry = new Map<string, Primitive<never>>();

/** Declares a primitive. Names are unique: a second definition with the same name is a bug. */
export function definePrimitive<P extends Params>(prim: Primitive<P>): Primitive<P> {
  if (registry.has(prim.name)) throw new Error(`primitive ${prim.name} is defined twice`);
  registry.set(prim.name, prim);
  return prim;
}

export function allPrimitives(): Primitive<Params>[] {
  return [...registry.values()];
}

export function getPrimitive(name: string): Primitive<Params> | undefined {
  return registry.get(name);
}
