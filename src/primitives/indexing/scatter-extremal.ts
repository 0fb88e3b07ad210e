// scatter-min and scatter-max: combine each update window into the operand with min or max.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { add, div, mul, sub } from "../elementwise/binary.js";
import { eq } from "../elementwise/compare.js";
import { fullLike } from "../elementwise/binary-fill.js";
import { select } from "../elementwise/select.js";
import { Zero, type Primitive, type Tangent } from "../primitive.js";
import { instantiate, isZero } from "../rules.js";
import { scatterAddP } from "./scatter-add.js";
import {
  defineScatter,
  gatherUpdateWindows,
  scatterWrapper,
  type ScatterParams,
} from "./scatter-common.js";

function defineExtremal(name: string, combine: "min" | "max"): Primitive<ScatterParams> {
  return defineScatter(name, combine, (prim) => ({
    jvp([operand, indices, updates], [tOperand, , tUpdates], params) {
      const out = bind1(prim, [operand!, indices!, updates!], params);
      if (isZero(tOperand) && isZero(tUpdates)) return [[out], [new Zero(out.aval)]];
      const tangent = extremalTangent(
        operand!,
        indices!,
        updates!,
        out,
        instantiate(tOperand!),
        instantiate(tUpdates!),
        params,
      );
      return [[out], [tangent]];
    },
  }));
}

/**
 * JAX's rule: each output element's tangent is the average of the tangents of the values that
 * tie for the result there (the operand's own value counting as one of them when it is kept).
 * Written as a scatter-add of per-update coefficients, so it is linear in the tangents.
 */
function extremalTangent(
  x: JaxArray,
  indices: JaxArray,
  y: JaxArray,
  out: JaxArray,
  gx: JaxArray,
  gy: JaxArray,
  params: ScatterParams,
): Tangent {
  const windows = (a: JaxArray): JaxArray => gatherUpdateWindows(a, indices, y.shape, params);
  const scatterAdd = (a: JaxArray, u: JaxArray): JaxArray => bind1(scatterAddP, [a, indices, u], params);
  const ones = fullLike(y, 1);
  const zeros = fullLike(y, 0);
  const result = windows(out);
  const updateWins = eq(y, result);
  const operandKept = eq(windows(x), result);
  const winners = windows(scatterAdd(fullLike(x, 0), select(updateWins, ones, zeros)));
  const landing = windows(scatterAdd(fullLike(x, 0), ones));
  const shareWithOperand = div(ones, add(winners, ones));
  const updateShare = select(updateWins, select(operandKept, shareWithOperand, div(ones, winners)), zeros);
  const operandShare = select(operandKept, shareWithOperand, zeros);
  // Every landing update removes 1/landing of the operand's tangent and adds back its share.
  const operandCoef = div(sub(operandShare, ones), landing);
  const perUpdate = add(mul(windows(gx), operandCoef), mul(gy, updateShare));
  return scatterAdd(gx, perUpdate);
}

export const scatterMinP = defineExtremal("scatter-min", "min");
export const scatterMaxP = defineExtremal("scatter-max", "max");

/** `lax.scatterMin(operand, scatterIndices, updates, dimensionNumbers, { mode, ... })`. */
export const scatterMin = scatterWrapper(scatterMinP);

/** `lax.scatterMax(operand, scatterIndices, updates, dimensionNumbers, { mode, ... })`. */
export const scatterMax = scatterWrapper(scatterMaxP);
