// dot_general seen as B batched [M, K] x [K, N] products: which operand axes form each of B, M,
// N, K, where an element of each lies, and which layouts allow reading four neighbours at once.
import { stridesOf } from "../../shape.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { DotGeneralParams } from "../../primitives/linalg/dot-general.js";
import { linearIndex, unravel } from "../indexing.js";
import { div, invocation, letS, mul, ref, rem, u32, type Expr, type Stmt } from "../kernel-ir.js";

export interface DotGeometry {
  readonly lhs: ShapedArray;
  readonly rhs: ShapedArray;
  readonly out: ShapedArray;
  readonly lhsContract: readonly number[];
  readonly rhsContract: readonly number[];
  readonly lhsBatch: readonly number[];
  readonly rhsBatch: readonly number[];
  readonly lhsFree: readonly number[];
  readonly rhsFree: readonly number[];
  readonly B: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

function freeAxes(ndim: number, contracting: readonly number[], batch: readonly number[]): number[] {
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !contracting.includes(i) && !batch.includes(i));
}

const product = (x: ShapedArray, axes: readonly number[]) => axes.reduce((n, a) => n * x.shape[a]!, 1);

export function dotGeometry(
  lhs: ShapedArray,
  rhs: ShapedArray,
  out: ShapedArray,
  params: DotGeneralParams,
): DotGeometry {
  const [[lhsContract, rhsContract], [lhsBatch, rhsBatch]] = params.dimensionNumbers;
  const lhsFree = freeAxes(lhs.ndim, lhsContract, lhsBatch);
  const rhsFree = freeAxes(rhs.ndim, rhsContract, rhsBatch);
  return {
    lhs,
    rhs,
    out,
    lhsContract,
    rhsContract,
    lhsBatch,
    rhsBatch,
    lhsFree,
    rhsFree,
    B: product(lhs, lhsBatch),
    M: product(lhs, lhsFree),
    N: product(rhs, rhsFree),
    K: product(lhs, lhsContract),
  };
}

/**
 * Offset of an operand element from a flat index over `axes` (row-major over their sizes),
 * counted in groups of `group` elements (the strides involved must be multiples of it).
 */
export function axesOffset(flat: Expr, x: ShapedArray, axes: readonly number[], group = 1): Expr {
  const strides = stridesOf(x.shape);
  return linearIndex(
    unravel(
      flat,
      axes.map((a) => x.shape[a]!),
    ),
    axes.map((a) => strides[a]! / group),
  );
}

/**
 * Whether `axes` are the operand's trailing axes in order, spanning a multiple of 4 elements:
 * then a flat index over them is the element offset itself, every other axis strides by a
 * multiple of 4, and the operand reads as vec4 groups along them.
 */
export function readsAsVec4(x: ShapedArray, axes: readonly number[]): boolean {
  const trailing = axes.every((a, i) => a === x.ndim - axes.length + i);
  return trailing && product(x, axes) % 4 === 0;
}

/**
 * The tile an invocation owns: `b`, `m0` and `n0` (in units of whatever a tile column is), from the
 * flat tile index `flat` (the invocation by default). Tiles along N are the fastest-varying, so
 * neighbouring invocations share their lhs rows.
 */
export function tileSetup(tilesM: number, tilesN: number, TM: number, TN: number, flat: Expr = invocation): Stmt[] {
  return [
    letS("tile", flat),
    letS("b", div(ref("tile", "u32"), u32(tilesM * tilesN))),
    letS("m0", mul(div(rem(ref("tile", "u32"), u32(tilesM * tilesN)), u32(tilesN)), u32(TM))),
    letS("n0", mul(rem(ref("tile", "u32"), u32(tilesN)), u32(TN))),
  ];
}
