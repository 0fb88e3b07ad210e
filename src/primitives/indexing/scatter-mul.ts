// scatter-mul: multiply each update window into the operand (repeated indices multiply).
import { UnsupportedError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { div, mul } from "../elementwise/binary.js";
import { eq } from "../elementwise/compare.js";
import { fullLike } from "../elementwise/binary-fill.js";
import { select } from "../elementwise/select.js";
import { UndefinedPrimal, Zero, type Primitive, type Tangent } from "../primitive.js";
import { addTangents, isZero } from "../rules.js";
import type { ScatterDimensionNumbersLike } from "./dimension-numbers.js";
import { scatterAddP } from "./scatter-add.js";
import { defineScatter, gatherUpdateWindows, scatterParams, type ScatterOptions, type ScatterParams } from "./scatter-common.js";

export const scatterMulP: Primitive<ScatterParams> = defineScatter("scatter-mul", "mul", (prim) => ({
  jvp([operand, indices, updates], [tOperand, , tUpdates], params) {
    const x = operand!;
    const i = indices!;
    const y = updates!;
    const out = bind1(prim, [x, i, y], params);
    let tangent: Tangent = new Zero(out.aval);
    // out = x * (product of the updates landing there): linear in x.
    if (!isZero(tOperand)) tangent = addTangents(tangent, bind1(prim, [tOperand!, i, y], params));
    if (!isZero(tUpdates)) {
      // d out = x * sum over landing updates u of (product of the others) * dy_u.
      const weighted = params.uniqueIndices ? tUpdates! : mul(productOfOthers(x, i, y, params), tUpdates!);
      tangent = addTangents(tangent, mul(x, bind1(scatterAddP, [fullLike(x, 0), i, weighted], params)));
    }
    return [[out], [tangent]];
  },
  transpose([ct], [operand, indices, updates], params) {
    if (updates instanceof UndefinedPrimal) {
      throw new UnsupportedError("scatter-mul: transpose with respect to the updates; scatter-mul is linear in its operand only");
    }
    const op = operand as UndefinedPrimal;
    return [isZero(ct) ? new Zero(op.aval) : bind1(prim, [ct!, indices as JaxArray, updates!], params), null, null];
  },
}));

/**
 * For each update element, the product of the other updates that land on the same operand
 * element, computed without dividing by zero: from the product of the nonzero updates there and
 * the count of zero updates there. (JAX supports only unique indices here.)
 */
function productOfOthers(x: JaxArray, indices: JaxArray, y: JaxArray, params: ScatterParams): JaxArray {
  const isZeroUpdate = eq(y, fullLike(y, 0));
  const ones = fullLike(y, 1);
  const zeros = fullLike(y, 0);
  const nonzero = select(isZeroUpdate, ones, y);
  const product = bind1(scatterMulP, [fullLike(x, 1), indices, nonzero], params);
  const zeroCount = bind1(scatterAddP, [fullLike(x, 0), indices, select(isZeroUpdate, ones, zeros)], params);
  const productAt = gatherUpdateWindows(product, indices, y.shape, params);
  const zerosAt = gatherUpdateWindows(zeroCount, indices, y.shape, params);
  const ifZero = select(eq(zerosAt, ones), productAt, zeros);
  const ifNonzero = select(eq(zerosAt, zeros), div(productAt, nonzero), zeros);
  return select(isZeroUpdate, ifZero, ifNonzero);
}

/** `lax.scatterMul(operand, scatterIndices, updates, dimensionNumbers, { mode, ... })`. */
export function scatterMul(
  operand: JaxArray,
  scatterIndices: JaxArray,
  updates: JaxArray,
  dimensionNumbers: ScatterDimensionNumbersLike,
  options: ScatterOptions = {},
): JaxArray {
  return bind1(scatterMulP, [operand, scatterIndices, updates], scatterParams("scatter-mul", dimensionNumbers, options));
}
