// scatter-mul: multiply each update window into the operand (repeated indices multiply).
import { UnsupportedError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { div, mul, sub } from "../elementwise/binary.js";
import { eq } from "../elementwise/compare.js";
import { fullLike } from "../elementwise/binary-fill.js";
import { select } from "../elementwise/select.js";
import { UndefinedPrimal, Zero, type Primitive, type Tangent } from "../primitive.js";
import { addTangents, isZero } from "../rules.js";
import { scatterAddP } from "./scatter-add.js";
import {
  defineScatter,
  gatherUpdateWindows,
  scatterWrapper,
  type ScatterParams,
} from "./scatter-common.js";

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
      throw new UnsupportedError(
        "scatter-mul: transpose with respect to the updates; scatter-mul is linear in its operand only",
      );
    }
    const op = operand as UndefinedPrimal;
    return [isZero(ct) ? new Zero(op.aval) : bind1(prim, [ct!, indices as JaxArray, updates!], params), null, null];
  },
}));

/**
 * For each update element, the product of the other updates that land on the same operand
 * element (JAX supports only unique indices here). Dividing the product of all by the element
 * fails where updates are 0, so the nonzero and the zero updates are multiplied separately:
 * the nonzero part divides out the element exactly; the zero part is the product of the zero
 * updates themselves (so its derivatives stay right), or for a zero element the other zero when
 * there are two. Values and first derivatives are exact everywhere; second and higher
 * derivatives are exact except at elements hit by three or more updates that are exactly 0.
 */
function productOfOthers(x: JaxArray, indices: JaxArray, y: JaxArray, params: ScatterParams): JaxArray {
  const landed = (combined: JaxArray): JaxArray => gatherUpdateWindows(combined, indices, y.shape, params);
  const ones = fullLike(y, 1);
  const zeros = fullLike(y, 0);
  const isZeroUpdate = eq(y, zeros);
  const nonzeroPart = select(isZeroUpdate, ones, y);
  const zeroPart = select(isZeroUpdate, y, ones);
  const nonzeroProduct = landed(bind1(scatterMulP, [fullLike(x, 1), indices, nonzeroPart], params));
  const zeroProduct = landed(bind1(scatterMulP, [fullLike(x, 1), indices, zeroPart], params));
  const zeroSum = landed(bind1(scatterAddP, [fullLike(x, 0), indices, select(isZeroUpdate, y, zeros)], params));
  const zeroCount = landed(bind1(scatterAddP, [fullLike(x, 0), indices, select(isZeroUpdate, ones, zeros)], params));
  const othersNonzero = select(isZeroUpdate, nonzeroProduct, div(nonzeroProduct, nonzeroPart));
  const otherZeroOfTwo = sub(zeroSum, y);
  const othersZero = select(
    isZeroUpdate,
    select(eq(zeroCount, ones), ones, select(eq(zeroCount, fullLike(y, 2)), otherZeroOfTwo, zeros)),
    zeroProduct,
  );
  return mul(othersNonzero, othersZero);
}

/** `lax.scatterMul(operand, scatterIndices, updates, dimensionNumbers, { mode, ... })`. */
export const scatterMul = scatterWrapper(scatterMulP);
