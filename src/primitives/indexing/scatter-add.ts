// scatter-add: add each update window into the operand (repeated indices accumulate). Linear in
// the operand and the updates jointly, which makes it the transpose of gather.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { UndefinedPrimal, Zero } from "../primitive.js";
import { instantiate, isZero } from "../rules.js";
import { defineScatter, gatherUpdateWindows, scatterWrapper } from "./scatter-common.js";

export const scatterAddP = defineScatter("scatter-add", "add", (prim) => ({
  jvp([operand, indices, updates], [tOperand, , tUpdates], params) {
    const out = bind1(prim, [operand!, indices!, updates!], params);
    if (isZero(tOperand) && isZero(tUpdates)) return [[out], [new Zero(out.aval)]];
    return [[out], [bind1(prim, [instantiate(tOperand!), indices!, instantiate(tUpdates!)], params)]];
  },
  transpose([ct], [operand, indices, updates], params) {
    const operandUndefined = operand instanceof UndefinedPrimal;
    const updates_ = updates as JaxArray | UndefinedPrimal;
    const updatesUndefined = updates_ instanceof UndefinedPrimal;
    if (isZero(ct)) {
      return [
        operandUndefined ? new Zero(operand.aval) : null,
        null,
        updatesUndefined ? new Zero(updates_.aval) : null,
      ];
    }
    const operandCt = operandUndefined ? ct! : null;
    const updatesCt = updatesUndefined
      ? gatherUpdateWindows(ct!, indices as JaxArray, updates_.aval.shape, params)
      : null;
    return [operandCt, null, updatesCt];
  },
}));

/** `lax.scatterAdd(operand, scatterIndices, updates, dimensionNumbers, { mode, ... })`. */
export const scatterAdd = scatterWrapper(scatterAddP);
