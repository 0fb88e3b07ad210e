// scatter: overwrite the operand with each update window. Where indices repeat, one update
// wins (on the CPU, the last in row-major order of the indices); the JVP follows whichever won.
import { arrayFromHost } from "../../array.js";
import { UnsupportedError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { sizeOf } from "../../shape.js";
import { eq } from "../elementwise/compare.js";
import { fullLike } from "../elementwise/binary-fill.js";
import { select } from "../elementwise/select.js";
import { UndefinedPrimal, Zero, type Primitive, type Tangent } from "../primitive.js";
import { instantiate, isZero, zerosLikeAval } from "../rules.js";
import { scatterAddP } from "./scatter-add.js";
import {
  defineScatter,
  gatherUpdateWindows,
  scatterWrapper,
  type ScatterParams,
} from "./scatter-common.js";

export const scatterP: Primitive<ScatterParams> = defineScatter("scatter", "replace", (prim) => ({
  jvp([operand, indices, updates], [tOperand, , tUpdates], params) {
    if (isZero(tOperand) && isZero(tUpdates)) {
      const out = bind1(prim, [operand!, indices!, updates!], params);
      return [[out], [new Zero(out.aval)]];
    }
    const gOperand = instantiate(tOperand!);
    const gUpdates = instantiate(tUpdates!);
    if (params.uniqueIndices) {
      // No window overlaps another, so the tangents scatter exactly as the values do.
      return [
        [bind1(prim, [operand!, indices!, updates!], params)],
        [bind1(prim, [gOperand, indices!, gUpdates], params)],
      ];
    }
    return winnerMaskedJvp(prim, operand!, indices!, updates!, gOperand, gUpdates, params);
  },
  transpose([ct], [operand, indices, updates], params) {
    if (!params.uniqueIndices) {
      throw new UnsupportedError(
        "scatter: transposing a scatter needs uniqueIndices=true (with repeated indices the value is not linear in " +
          "the losing updates); differentiate it with jvp/grad, whose rule for repeated indices uses scatter-add",
      );
    }
    const idx = indices as JaxArray;
    const op = operand as JaxArray | UndefinedPrimal;
    const upd = updates as JaxArray | UndefinedPrimal;
    if (isZero(ct)) {
      return [
        op instanceof UndefinedPrimal ? new Zero(op.aval) : null,
        null,
        upd instanceof UndefinedPrimal ? new Zero(upd.aval) : null,
      ];
    }
    const updAval = upd.aval;
    // The operand keeps its cotangent where no update overwrote it.
    const operandCt: Tangent | null =
      op instanceof UndefinedPrimal ? bind1(prim, [ct!, idx, zerosLikeAval(updAval)], params) : null;
    const updatesCt: Tangent | null =
      upd instanceof UndefinedPrimal ? gatherUpdateWindows(ct!, idx, updAval.shape, params) : null;
    return [operandCt, null, updatesCt];
  },
}));

/**
 * JAX's JVP for repeated indices: scatter a distinct id per update window, read the ids back to
 * learn which update won each place, then express the value and tangent as scatter-adds of the
 * winners (and of the operand where nothing landed). Scatter-add has a transpose; this avoids
 * needing one for scatter.
 */
function winnerMaskedJvp(
  prim: Primitive<ScatterParams>,
  operand: JaxArray,
  indices: JaxArray,
  updates: JaxArray,
  gOperand: JaxArray,
  gUpdates: JaxArray,
  params: ScatterParams,
): [JaxArray[], Tangent[]] {
  const ids = updateIds(updates.shape, params.dimensionNumbers.updateWindowDims);
  const scatteredIds = bind1(prim, [zerosLikeAval(new ShapedArray(operand.shape, "uint32")), indices, ids], params);
  const wonIds = gatherUpdateWindows(scatteredIds, indices, updates.shape, params);
  const untouched = eq(scatteredIds, fullLike(scatteredIds, 0));
  const won = eq(ids, wonIds);
  const keep = (mask: JaxArray, x: JaxArray): JaxArray => select(mask, x, fullLike(x, 0));
  const out = bind1(scatterAddP, [keep(untouched, operand), indices, keep(won, updates)], params);
  const tangent = bind1(scatterAddP, [keep(untouched, gOperand), indices, keep(won, gUpdates)], params);
  return [[out], [tangent]];
}

/** 1, 2, 3, ... per update window (constant across the window's own axes); 0 marks "no update". */
function updateIds(updatesShape: readonly number[], updateWindowDims: readonly number[]): JaxArray {
  const n = sizeOf(updatesShape);
  const values = new Uint32Array(n);
  const idx = new Array<number>(updatesShape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    let r = flat;
    for (let d = updatesShape.length - 1; d >= 0; d--) {
      idx[d] = r % updatesShape[d]!;
      r = Math.floor(r / updatesShape[d]!);
    }
    // Row-major position among the update windows, i.e. over the non-window axes.
    let id = 0;
    idx.forEach((v, d) => {
      if (!updateWindowDims.includes(d)) id = id * updatesShape[d]! + v;
    });
    values[flat] = id + 1;
  }
  return arrayFromHost(values, updatesShape, "uint32");
}

/** `lax.scatter(operand, scatterIndices, updates, dimensionNumbers, { mode, ... })`. */
export const scatter = scatterWrapper(scatterP);
