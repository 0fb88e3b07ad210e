// select_n(which, *cases): elementwise choice among cases of one shape and dtype. `which` is bool
// (at most 2 cases: false picks cases[0]) or an integer array, rank 0 or the cases' shape.
// Out-of-range integer indices clamp to the first/last case, as JAX's lowering (a binary tree
// of `which < k` selects) computes them.
import { allocTyped, isBool, isInteger } from "../../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind, bind1 } from "../../tracing/trace.js";
import { shapesEqual } from "../../shape.js";
import { definePrimitive, UndefinedPrimal, Zero, type Primitive, type Tangent } from "../primitive.js";
import { batchSize, instantiate, isZero, moveBatchAxis, operandsStr } from "../rules.js";
import { alignScalarOrFull, unbatchedShape } from "./binary-batch.js";
import type { NoParams } from "./binary-define.js";
import { fullLike } from "./binary-fill.js";

export { clamp, clampP } from "./binary-clamp.js";

const fix = "use jnp.where (which broadcasts and promotes) or lax.broadcastInDim first";

function checkSelectN(which: ShapedArray, cases: readonly ShapedArray[]): void {
  const all = operandsStr([which, ...cases]);
  if (cases.length === 0) throw new ValueError(`select_n: needs at least one case, got only which ${which.str()}`);
  const first = cases[0]!;
  if (cases.some((c) => !shapesEqual(c.shape, first.shape))) {
    throw new ShapeError(`select_n: cases must have equal shapes, got ${all}; ${fix}`);
  }
  if (cases.some((c) => c.dtype !== first.dtype)) {
    throw new DTypeError(
      `select_n: cases must have equal dtypes, got ${all}; use jnp.where or convert with x.astype(dtype)`,
    );
  }
  if (!isBool(which.dtype) && !isInteger(which.dtype)) {
    throw new DTypeError(
      `select_n: which must be bool or integer (int32, uint32), got ${all}; compare first, e.g. lax.ne(which, 0)`,
    );
  }
  if (isBool(which.dtype) && cases.length > 2) {
    throw new DTypeError(
      `select_n: a bool which selects between at most 2 cases, got ${cases.length} (${all}); convert it with which.astype('int32')`,
    );
  }
  if (which.ndim !== 0 && !shapesEqual(which.shape, first.shape)) {
    throw new ShapeError(`select_n: which must be a scalar or have the cases' shape, got ${all}; ${fix}`);
  }
}

const isUndef = (x: unknown): x is UndefinedPrimal => x instanceof UndefinedPrimal;

export const selectNP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "select_n",
  abstractEval([which, ...cases]) {
    checkSelectN(which!, cases);
    const first = cases[0]!;
    return [
      new ShapedArray(
        first.shape,
        first.dtype,
        cases.every((c) => c.weakType),
      ),
    ];
  },
  impl([which, ...cases], _params, [out]) {
    const result = allocTyped(out!.dtype, out!.size);
    const w = which!.data;
    const last = cases.length - 1;
    const perElement = which!.shape.length > 0;
    for (let i = 0; i < result.length; i++) {
      const k = w[perElement ? i : 0]!;
      result[i] = cases[k < 0 ? 0 : k > last ? last : k]!.data[i]!;
    }
    return [result];
  },
  jvp([which, ...cases], [, ...caseTangents]) {
    const out = selectN(which!, ...cases);
    if (caseTangents.every((t) => isZero(t))) return [[out], [new Zero(out.aval)]];
    return [[out], [selectN(which!, ...caseTangents.map((t) => instantiate(t)))]];
  },
  // Linear in the cases (not in which): each case gets the cotangent where it was chosen.
  transpose([ct], [which, ...cases]) {
    if (isUndef(which))
      throw new Error("select_n: transpose with respect to which (internal error: select_n is not linear in it)");
    if (ct instanceof Zero) return [null, ...cases.map((c) => (isUndef(c) ? new Zero(c.aval) : null))];
    const zeros = fullLike(ct!, 0);
    return [
      null,
      ...cases.map((c, i): Tangent | null =>
        isUndef(c) ? selectN(which!, ...cases.map((_, j) => (j === i ? ct! : zeros))) : null,
      ),
    ];
  },
  batch(args, dims) {
    const [which, ...cases] = args;
    const [whichDim = null, ...caseDims] = dims;
    const sameDim = caseDims.every((d) => d === caseDims[0]);
    if (sameDim && whichDim === caseDims[0] && which!.ndim === cases[0]!.ndim) {
      return [bind(selectNP, args, {}), [whichDim]];
    }
    if (sameDim && caseDims[0] !== null && whichDim === null && which!.ndim === 0) {
      return [bind(selectNP, args, {}), [caseDims[0] ?? null]];
    }
    const size = batchSize(args, dims);
    const caseIndex = caseDims.findIndex((d) => d !== null);
    const caseShape = caseIndex < 0 ? cases[0]!.shape : unbatchedShape(cases[caseIndex]!, caseDims[caseIndex] ?? null);
    const movedCases = cases.map((c, i) => moveBatchAxis(c, caseDims[i] ?? null, 0, size));
    return [bind(selectNP, [alignScalarOrFull(which!, whichDim, size, caseShape), ...movedCases], {}), [0]];
  },
});

export function selectN(which: JaxArray, ...cases: JaxArray[]): JaxArray {
  return bind1(selectNP, [which, ...cases], {});
}

/** `lax.select(pred, onTrue, onFalse)`: select_n with the cases in false/true order. */
export function select(pred: JaxArray, onTrue: JaxArray, onFalse: JaxArray): JaxArray {
  return selectN(pred, onFalse, onTrue);
}
