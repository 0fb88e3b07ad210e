// Rule helpers shared by many primitives: strict (lax) operand checks, symbolic-zero handling,
// and the common batching and JVP patterns. They keep most primitive definitions to a few lines.
import { isBool, isFloat, isInteger, type DType } from "../dtypes.js";
import { DTypeError, ShapeError } from "../errors.js";
import { ShapedArray } from "../tracing/aval.js";
import type { JaxArray } from "../tracing/array.js";
import { bind, bind1 } from "../tracing/trace.js";
import { shapesEqual } from "../shape.js";
import { broadcastInDim } from "./shape/broadcast-in-dim.js";
import { moveaxis } from "./shape/transpose.js";
import { convertElementType } from "./shape/convert-element-type.js";
import { scalar } from "../array.js";
import { Zero, getPrimitive, type BDim, type Params, type Primitive, type Tangent } from "./primitive.js";

export type DTypeClass = "float" | "numeric" | "integer" | "intOrBool" | "any" | "signedNumeric";

const CLASS_TEST: Record<DTypeClass, (d: DType) => boolean> = {
  float: isFloat,
  numeric: (d) => !isBool(d),
  signedNumeric: (d) => isFloat(d) || d === "int32",
  integer: isInteger,
  intOrBool: (d) => isInteger(d) || isBool(d),
  any: () => true,
};

const CLASS_TEXT: Record<DTypeClass, string> = {
  float: "floating-point (float16, float32, float64)",
  numeric: "numeric (not bool)",
  signedNumeric: "signed (int32 or floating-point)",
  integer: "integer (int32, uint32)",
  intOrBool: "integer or bool",
  any: "any",
};

export function operandsStr(avals: readonly ShapedArray[]): string {
  return avals.map((a) => a.str()).join(", ");
}

/** Checks an operand's dtype class and says what to do about it. */
export function checkDTypeClass(op: string, aval: ShapedArray, cls: DTypeClass, avals: readonly ShapedArray[] = [aval]): void {
  if (!CLASS_TEST[cls](aval.dtype)) {
    const fix = cls === "float" ? "; convert with x.astype('float32')" : "";
    throw new DTypeError(`${op}: requires ${CLASS_TEXT[cls]} operands, got ${operandsStr(avals)}${fix}`);
  }
}

/** lax's elementwise contract: every operand has the same shape and dtype (no implicit broadcasting). */
export function checkSameShapesDtypes(op: string, avals: readonly ShapedArray[]): void {
  const first = avals[0]!;
  for (const a of avals) {
    if (!shapesEqual(a.shape, first.shape)) {
      throw new ShapeError(
        `${op}: lax operands must have equal shapes, got ${operandsStr(avals)}; ` +
          `use jnp.${op} (which broadcasts) or lax.broadcastInDim first`,
      );
    }
    if (a.dtype !== first.dtype) {
      throw new DTypeError(
        `${op}: lax operands must have equal dtypes, got ${operandsStr(avals)}; ` +
          `use jnp.${op} (which promotes types) or convert with x.astype(dtype)`,
      );
    }
  }
}

/** Output of an n-ary elementwise op: weakly typed only if every operand is. */
export function elementwiseOut(avals: readonly ShapedArray[], dtype?: DType): ShapedArray {
  const first = avals[0]!;
  return new ShapedArray(first.shape, dtype ?? first.dtype, avals.every((a) => a.weakType));
}

// ---- Symbolic zeros ---------------------------------------------------------------------------

export function isZero(t: Tangent | null | undefined): t is Zero {
  return t instanceof Zero;
}

/** The dtype a tangent of `dtype` has: integer and bool values have zero (float0-like) tangents. */
export function tangentDtype(dtype: DType): DType {
  return dtype;
}

export function zerosLikeAval(aval: ShapedArray): JaxArray {
  return broadcastInDim(scalar(0, aval.dtype, false), aval.shape, []);
}

/** Materializes a symbolic zero. */
export function instantiate(t: Tangent): JaxArray {
  return t instanceof Zero ? zerosLikeAval(t.aval) : t;
}

export function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a instanceof Zero) return b;
  if (b instanceof Zero) return a;
  // `add` lives in binary.ts, which imports this file; the registry keeps the import graph acyclic.
  return bind1(getPrimitive("add")!, [a, b], {});
}

// ---- JVP patterns -----------------------------------------------------------------------------

/** JVP of a primitive that is linear in all of its inputs: apply it to the tangents. */
export function linearJvp<P extends Params>(prim: Primitive<P>) {
  return (primals: readonly JaxArray[], tangents: readonly Tangent[], params: P): [JaxArray[], Tangent[]] => {
    const outs = bind(prim, primals, params);
    if (tangents.every((t) => isZero(t))) return [outs, outs.map((o) => new Zero(o.aval))];
    return [outs, bind(prim, tangents.map(instantiate), params)];
  };
}

/** JVP of a primitive whose outputs have zero derivative (comparisons, floor, integer outputs). */
export function zeroJvp<P extends Params>(prim: Primitive<P>) {
  return (primals: readonly JaxArray[], _tangents: readonly Tangent[], params: P): [JaxArray[], Tangent[]] => {
    const outs = bind(prim, primals, params);
    return [outs, outs.map((o) => new Zero(o.aval))];
  };
}

/**
 * JVP from one rule per argument (JAX's `defjvp`): each rule maps (tangent, primals, output) to
 * that argument's contribution; zero tangents are skipped, contributions summed.
 */
export function perArgJvp<P extends Params>(
  prim: Primitive<P>,
  ...rules: ((t: JaxArray, primals: readonly JaxArray[], out: JaxArray, params: P) => JaxArray)[]
) {
  return (primals: readonly JaxArray[], tangents: readonly Tangent[], params: P): [JaxArray[], Tangent[]] => {
    const out = bind1(prim, primals, params);
    let acc: Tangent = new Zero(out.aval);
    tangents.forEach((t, i) => {
      if (isZero(t)) return;
      acc = addTangents(acc, rules[i]!(t, primals, out, params));
    });
    return [[out], [acc]];
  };
}

// ---- Batching patterns ------------------------------------------------------------------------

export function batchSize(args: readonly JaxArray[], dims: readonly BDim[]): number {
  const i = dims.findIndex((d) => d !== null);
  return args[i]!.shape[dims[i]!]!;
}

/** Moves the batch axis of `x` to position `to`, broadcasting an unbatched `x` to `size`. */
export function moveBatchAxis(x: JaxArray, from: BDim, to: number, size: number): JaxArray {
  if (from === null) {
    const shape = [...x.shape];
    shape.splice(to, 0, size);
    const dims = x.shape.map((_, i) => (i < to ? i : i + 1));
    return broadcastInDim(x, shape, dims);
  }
  return from === to ? x : moveaxis(x, from, to);
}

/** Batching rule for elementwise primitives: align every operand's batch axis at 0. */
export function elementwiseBatch<P extends Params>(prim: Primitive<P>) {
  return (args: readonly JaxArray[], dims: readonly BDim[], params: P): [JaxArray[], BDim[]] => {
    const size = batchSize(args, dims);
    const first = dims.find((d) => d !== null)!;
    // Operands that agree on the batch axis need no transposes.
    if (dims.every((d) => d === first)) {
      const outs = bind(prim, args, params);
      return [outs, outs.map(() => first)];
    }
    const moved = args.map((x, i) => moveBatchAxis(x, dims[i]!, 0, size));
    const outs = bind(prim, moved, params);
    return [outs, outs.map(() => 0)];
  };
}

/** Batching rule for unary primitives whose params don't depend on the axes. */
export function unaryBatch<P extends Params>(prim: Primitive<P>) {
  return (args: readonly JaxArray[], dims: readonly BDim[], params: P): [JaxArray[], BDim[]] => {
    const outs = bind(prim, args, params);
    return [outs, outs.map(() => dims[0]!)];
  };
}

/** Converts to `dtype` when it differs (used by rules that need a float tangent of an int primal). */
export function castTo(x: JaxArray, dtype: DType): JaxArray {
  return x.dtype === dtype ? x : convertElementType(x, dtype);
}
