// The table of per-primitive test specs. One entry drives every generic check of a primitive:
// CPU values against an independent float64 reference now; JVP against central differences,
// VJP by the inner-product identity, vmap against a loop, jit against eager, and WebGPU against
// CPU as those land. Add an entry per primitive (and per interesting parameter setting).
import type { DType } from "../../src/dtypes.js";
import type { JaxArray } from "../../src/tracing/array.js";

export interface ArgSpec {
  shape: number[];
  /** Default float32. */
  dtype?: DType;
  /** Range random values are drawn from (default [-2, 2]); integers are drawn from the integer range inside it. */
  domain?: [number, number];
  /** Fixed values (row-major) instead of random ones. */
  values?: number[];
  /** Not differentiated (index operands, predicates); implied for non-float dtypes. */
  nondiff?: boolean;
}

/** A host value for references: row-major float64 data plus its shape. */
export interface RefValue {
  shape: number[];
  data: number[];
}

export interface PrimitiveSpec {
  /** Unique label, e.g. "reduce_sum axes=(0,)". */
  name: string;
  /** The primitive exercised (checked to exist in the registry). */
  prim: string;
  /** The lax-level call, params baked in. */
  fn: (...xs: JaxArray[]) => JaxArray | JaxArray[];
  args: ArgSpec[];
  /** Elementwise float64 reference (for same-shape elementwise primitives). */
  elementwise?: (...xs: number[]) => number;
  /** Whole-array reference, written independently (closed form or plain loops in float64). */
  reference?: (...xs: RefValue[]) => RefValue | RefValue[];
  /** Linear in its float inputs: the transpose rule is checked. */
  linear?: boolean;
  /** Skip derivative checks (integer outputs, non-differentiable points in the domain). */
  nondiff?: boolean;
  /** Which derivative modes apply (default both): whileLoop is forward-only, customVjp reverse-only. */
  modes?: ("fwd" | "rev")[];
  /** Skip the vmap check (rare: say why in a comment). */
  noVmap?: boolean;
  atol?: number;
  rtol?: number;
}
