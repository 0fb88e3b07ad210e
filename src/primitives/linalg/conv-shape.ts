// Shape rule of conv_general_dilated (where its user errors come from), plus the canonical view
// of an operand — (batch, feature, spatial...) sizes — that the kernel and the rules share.
import { ShapeError, ValueError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";
import { isPermutation } from "../../shape.js";
import { dilateDim, stridedWindowCount } from "./conv-padding.js";
import { convParamsStr, type ConvGeneralDilatedParams } from "./conv-params.js";

/** Sizes of `shape` read in `spec` order: (batch|out-feature, feature|in-feature, spatial...). */
export function canonicalSizes(shape: readonly number[], spec: readonly number[]): number[] {
  return spec.map((axis) => shape[axis]!);
}

function checkParams(p: ConvGeneralDilatedParams, ndim: number, fail: (what: string, fix: string) => Error): void {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  for (const [name, spec] of [
    ["lhs_spec", lhsSpec],
    ["rhs_spec", rhsSpec],
    ["out_spec", outSpec],
  ] as const) {
    if (!isPermutation(spec, ndim))
      throw fail(
        `dimension_numbers.${name} (${spec.join(", ")}) is not a permutation of the ${ndim} axes`,
        "list each axis once",
      );
  }
  const nSpatial = ndim - 2;
  const lists: [string, readonly number[], number][] = [
    ["window_strides", p.windowStrides, 1],
    ["lhs_dilation", p.lhsDilation, 1],
    ["rhs_dilation", p.rhsDilation, 1],
  ];
  for (const [name, values, min] of lists) {
    if (values.length !== nSpatial)
      throw fail(
        `${name} has ${values.length} entries for ${nSpatial} spatial axes`,
        "give one entry per spatial axis",
      );
    if (!values.every((v) => Number.isInteger(v) && v >= min))
      throw fail(`${name} entries must be integers >= ${min}`, "use positive integers");
  }
  if (p.padding.length !== nSpatial)
    throw fail(
      `padding has ${p.padding.length} (low, high) pairs for ${nSpatial} spatial axes`,
      "give one pair per spatial axis",
    );
  if (!p.padding.every((pair) => pair.length === 2 && pair.every(Number.isInteger)))
    throw fail("padding must hold integer (low, high) pairs", "use [[lo, hi], ...]");
  for (const [name, count] of [
    ["feature_group_count", p.featureGroupCount],
    ["batch_group_count", p.batchGroupCount],
  ] as const) {
    if (!Number.isInteger(count) || count < 1)
      throw fail(`${name} must be a positive integer, got ${count}`, "use 1 for no grouping");
  }
  if (p.featureGroupCount > 1 && p.batchGroupCount > 1)
    throw fail(
      "at most one of feature_group_count and batch_group_count may exceed 1",
      "group features or batches, not both",
    );
}

function checkGroups(
  p: ConvGeneralDilatedParams,
  lhs: readonly number[],
  rhs: readonly number[],
  fail: (what: string, fix: string) => Error,
): void {
  const [batch, features] = lhs as [number, number];
  const [outFeatures, inFeatures] = rhs as [number, number];
  const fg = p.featureGroupCount;
  const bg = p.batchGroupCount;
  if (features % fg !== 0)
    throw fail(
      `feature_group_count ${fg} does not divide the lhs feature size ${features}`,
      "pick a group count that divides the lhs features",
    );
  if (features / fg !== inFeatures) {
    throw fail(
      `the lhs feature size divided by feature_group_count (${features} / ${fg}) must equal the rhs input feature size ${inFeatures}`,
      "make the kernel's input features match the lhs features per group",
    );
  }
  if (outFeatures % fg !== 0)
    throw fail(
      `the rhs output feature size ${outFeatures} is not a multiple of feature_group_count ${fg}`,
      "give each group the same number of output features",
    );
  if (batch % bg !== 0)
    throw fail(
      `batch_group_count ${bg} does not divide the lhs batch size ${batch}`,
      "pick a group count that divides the batch",
    );
  if (outFeatures % bg !== 0)
    throw fail(
      `the rhs output feature size ${outFeatures} is not a multiple of batch_group_count ${bg}`,
      "give each batch group the same number of output features",
    );
}

/** Validates the operands against the params and returns the output shape. */
export function convOutputShape(lhs: ShapedArray, rhs: ShapedArray, p: ConvGeneralDilatedParams): number[] {
  const context = `for lhs ${lhs.str()} and rhs ${rhs.str()} with ${convParamsStr(p)}`;
  const fail = (what: string, fix: string) => new ShapeError(`conv_general_dilated: ${what} ${context}; ${fix}`);
  if (lhs.ndim !== rhs.ndim)
    throw fail(
      `lhs and rhs must have the same rank, got ${lhs.ndim} and ${rhs.ndim}`,
      "the kernel has one axis per lhs axis",
    );
  if (lhs.ndim < 2)
    throw fail(
      `operands need a batch and a feature axis (rank >= 2), got rank ${lhs.ndim}`,
      "add the missing axes with expandDims",
    );
  checkParams(p, lhs.ndim, (what, fix) => new ValueError(`conv_general_dilated: ${what} ${context}; ${fix}`));
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const l = canonicalSizes(lhs.shape, lhsSpec);
  const r = canonicalSizes(rhs.shape, rhsSpec);
  checkGroups(p, l, r, fail);
  const spatial = l.slice(2).map((size, i) => {
    const padded = dilateDim(size, p.lhsDilation[i]!) + p.padding[i]![0] + p.padding[i]![1];
    if (padded < 0)
      throw fail(
        `negative padding (${p.padding[i]!.join(", ")}) removes more than the ${size} elements of spatial axis ${i}`,
        "crop less",
      );
    return stridedWindowCount(padded, dilateDim(r[i + 2]!, p.rhsDilation[i]!), p.windowStrides[i]!);
  });
  const canonical = [l[0]! / p.batchGroupCount, r[0]!, ...spatial];
  const out = new Array<number>(lhs.ndim);
  outSpec.forEach((axis, k) => (out[axis] = canonical[k]!));
  return out;
}
