// dot_general: contract some axes of two arrays, pair up batch axes, keep the rest. Output axes
// are the batch axes, then the lhs free axes, then the rhs free axes, as in JAX.
import type { DType } from "../../dtypes.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, UndefinedPrimal, Zero, type BDim, type Primitive } from "../primitive.js";
import { convertElementType } from "../shape/convert-element-type.js";
import { transpose } from "../shape/transpose.js";
import { bilinearJvp } from "./bilinear-jvp.js";
import { contractionDtype } from "./contraction-dtype.js";
import {
  checkDotDimensionNumbersForm,
  dotDimensionNumbersStr,
  dotGeneralShape,
  freeAxes,
  type DotDimensionNumbers,
} from "./dot-dimension-numbers.js";
import { dotGeneralKernel } from "./dot-kernel.js";
import { canonicalizePrecision, precisionStr, type CanonicalPrecision, type PrecisionLike } from "./precision.js";

export type { DotDimensionNumbers };

export interface DotGeneralParams {
  dimensionNumbers: DotDimensionNumbers;
  precision: CanonicalPrecision;
  preferredElementType: DType | null;
}

const bindDot = (x: JaxArray, y: JaxArray, params: DotGeneralParams): JaxArray => bind1(dotGeneralP, [x, y], params);

const range = (start: number, length: number): number[] => Array.from({ length }, (_, i) => start + i);

function argsort(xs: readonly number[]): number[] {
  return xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
}

/**
 * Cotangent of the lhs `x` given the output cotangent `g` and the rhs `y` (JAX's
 * _dot_general_transpose_lhs): contract g with y over y's free axes, keep the batch axes, then
 * permute the result back into x's axis order. `swapAns` says g's free axes list y's first
 * (used for the rhs, by swapping the roles of the operands).
 */
function transposeLhs(g: JaxArray, x: ShapedArray, y: JaxArray, params: DotGeneralParams, swapAns: boolean): JaxArray {
  const [[xc, yc], [xb, yb]] = params.dimensionNumbers;
  const xKept = freeAxes(x.ndim, xc, xb);
  const yKept = freeAxes(y.ndim, yc, yb);
  const nb = xb.length;
  const ansY = swapAns ? range(nb, yKept.length) : range(nb + xKept.length, yKept.length);
  const dims: DotDimensionNumbers = [
    [ansY, yKept],
    [range(0, nb), yb],
  ];
  // The product lists y's contracting axes in increasing order; x's partners follow that order.
  const xContractByY = argsort(yc).map((i) => xc[i]!);
  const product = bindDot(g, y, { ...params, dimensionNumbers: dims });
  const xBar = transpose(product, argsort([...xb, ...xKept, ...xContractByY]));
  return xBar.dtype === x.dtype ? xBar : convertElementType(xBar, x.dtype, x.weakType);
}

function transposeRhs(g: JaxArray, x: JaxArray, y: ShapedArray, params: DotGeneralParams): JaxArray {
  const [[xc, yc], [xb, yb]] = params.dimensionNumbers;
  const swapped: DotDimensionNumbers = [
    [yc, xc],
    [yb, xb],
  ];
  return transposeLhs(g, y, x, { ...params, dimensionNumbers: swapped }, true);
}

const bump = (axes: readonly number[], b: number): number[] => axes.map((a) => (a >= b ? a + 1 : a));

/**
 * vmap: a batch axis on both operands becomes a new leading dot batch axis; a batch axis on
 * one operand only is one of its free axes, and its place in the output follows from the
 * output order (batch, lhs free, rhs free).
 */
function batchDims(
  x: JaxArray,
  y: JaxArray,
  [xd, yd]: readonly [BDim, BDim],
  dn: DotDimensionNumbers,
): [DotDimensionNumbers, number] {
  const [[lc, rc], [lb, rb]] = dn;
  if (xd !== null && yd !== null) {
    const both: DotDimensionNumbers = [
      [bump(lc, xd), bump(rc, yd)],
      [
        [xd, ...bump(lb, xd)],
        [yd, ...bump(rb, yd)],
      ],
    ];
    return [both, 0];
  }
  if (xd !== null) {
    const nlc = bump(lc, xd);
    const nlb = bump(lb, xd);
    const lhsOnly: DotDimensionNumbers = [
      [nlc, rc],
      [nlb, rb],
    ];
    return [lhsOnly, lb.length + freeAxes(x.ndim, nlc, nlb).indexOf(xd)];
  }
  if (yd === null) throw new Error("dot_general: batch rule called with no batched operand (internal error)");
  const nrc = bump(rc, yd);
  const nrb = bump(rb, yd);
  const lhsFree = x.ndim - lc.length - lb.length;
  const rhsOnly: DotDimensionNumbers = [
    [lc, nrc],
    [lb, nrb],
  ];
  return [rhsOnly, lb.length + lhsFree + freeAxes(y.ndim, nrc, nrb).indexOf(yd)];
}

export const dotGeneralP: Primitive<DotGeneralParams> = definePrimitive<DotGeneralParams>({
  name: "dot_general",
  abstractEval([lhs, rhs], { dimensionNumbers, preferredElementType }) {
    const shape = dotGeneralShape(lhs!, rhs!, dimensionNumbers);
    const dtype = contractionDtype("dot_general", lhs!, rhs!, preferredElementType, true);
    return [new ShapedArray(shape, dtype, lhs!.weakType && rhs!.weakType && preferredElementType === null)];
  },
  impl([lhs, rhs], { dimensionNumbers }, [out]) {
    return [dotGeneralKernel(lhs!, rhs!, dimensionNumbers, out!.dtype)];
  },
  jvp: (primals, tangents, params) => bilinearJvp(bindDot)(primals, tangents, params),
  transpose([ct], [x, y], params) {
    if (x instanceof UndefinedPrimal && y instanceof UndefinedPrimal) {
      throw new Error(
        "dot_general: transpose with both operands linear (internal error: dot_general is bilinear, not linear)",
      );
    }
    if (x instanceof UndefinedPrimal) {
      return [ct instanceof Zero ? new Zero(x.aval) : transposeLhs(ct!, x.aval, y as JaxArray, params, false), null];
    }
    const yAval = (y as UndefinedPrimal).aval;
    return [null, ct instanceof Zero ? new Zero(yAval) : transposeRhs(ct!, x!, yAval, params)];
  },
  batch([x, y], dims, params) {
    const [dimensionNumbers, outDim] = batchDims(x!, y!, [dims[0] ?? null, dims[1] ?? null], params.dimensionNumbers);
    return [[bindDot(x!, y!, { ...params, dimensionNumbers })], [outDim]];
  },
  printParams: ({ dimensionNumbers, precision, preferredElementType }) => [
    ["dimension_numbers", dotDimensionNumbersStr(dimensionNumbers)],
    ["precision", precisionStr(precision)],
    ["preferred_element_type", preferredElementType ?? "None"],
  ],
});

export interface DotGeneralOptions {
  precision?: PrecisionLike;
  /** Accumulate in and return this dtype (JAX's preferred_element_type). */
  preferredElementType?: DType | null;
}

/**
 * `lax.dot_general(lhs, rhs, [[lhsContracting, rhsContracting], [lhsBatch, rhsBatch]])`.
 * Axes are non-negative, as in lax.
 */
export function dotGeneral(
  lhs: JaxArray,
  rhs: JaxArray,
  dimensionNumbers: DotDimensionNumbers,
  options: DotGeneralOptions = {},
): JaxArray {
  const [[lc, rc], [lb, rb]] = checkDotDimensionNumbersForm(dimensionNumbers);
  return bind1(dotGeneralP, [lhs, rhs], {
    dimensionNumbers: [
      [[...lc], [...rc]],
      [[...lb], [...rb]],
    ],
    precision: canonicalizePrecision("dot_general", options.precision),
    preferredElementType: options.preferredElementType ?? null,
  });
}
