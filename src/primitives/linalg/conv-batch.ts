// vmap of conv_general_dilated (JAX's _conv_general_dilated_batch_rule): a convolution has one
// batch axis, so the vmap axis is folded into an existing one and split out of the output:
//   both operands mapped: each map index is its own feature (or batch) group;
//   lhs only: into the lhs batch, which the output keeps;
//   rhs only: into the kernel's output features, which the output keeps.
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import type { BDim } from "../primitive.js";
import { zerosLikeAval } from "../rules.js";
import { reshapeAxisInto, reshapeAxisOutOf } from "./axis-reshape.js";
import type { ConvGeneralDilatedParams } from "./conv-params.js";
import type { BindConv } from "./conv-transpose.js";

type OutAval = (lhs: ShapedArray, rhs: ShapedArray, p: ConvGeneralDilatedParams) => ShapedArray;

const unbatched = (x: JaxArray, d: BDim): ShapedArray =>
  new ShapedArray(
    x.shape.filter((_, i) => i !== d),
    x.dtype,
    x.weakType,
  );

export function convBatch(
  [lhs, rhs]: readonly [JaxArray, JaxArray],
  [ld, rd]: readonly [BDim, BDim],
  p: ConvGeneralDilatedParams,
  conv: BindConv,
  outAval: OutAval,
): [JaxArray, number] {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const size = ld !== null ? lhs.shape[ld]! : rhs.shape[rd!]!;
  if (size === 0) {
    // Folding an empty axis would lose the other sizes; the result is empty anyway.
    const out = outAval(unbatched(lhs, ld), unbatched(rhs, rd), p);
    return [zerosLikeAval(new ShapedArray([0, ...out.shape], out.dtype, out.weakType)), 0];
  }
  if (ld !== null && rd !== null) {
    const grouped =
      p.batchGroupCount > 1
        ? { lhs: reshapeAxisInto(ld, lhsSpec[0]!, lhs), params: { ...p, batchGroupCount: p.batchGroupCount * size } }
        : {
            lhs: reshapeAxisInto(ld, lhsSpec[1]!, lhs),
            params: { ...p, featureGroupCount: p.featureGroupCount * size },
          };
    const out = conv(grouped.lhs, reshapeAxisInto(rd, rhsSpec[0]!, rhs), grouped.params);
    return [reshapeAxisOutOf(outSpec[1]!, size, out), outSpec[1]!];
  }
  if (ld !== null) {
    let x: JaxArray;
    if (p.batchGroupCount === 1) {
      x = reshapeAxisInto(ld, lhsSpec[0]!, lhs);
    } else {
      // Batch groups must stay outermost in the lhs batch: split them off, put the vmap axis
      // inside each group, then merge back.
      const b = lhsSpec[0]!;
      x = reshapeAxisOutOf(b + (ld <= b ? 1 : 0), p.batchGroupCount, lhs);
      x = reshapeAxisInto(ld + (b < ld ? 1 : 0), b + 1, x);
      x = reshapeAxisInto(b, b, x);
    }
    return [reshapeAxisOutOf(outSpec[0]!, size, conv(x, rhs, p)), outSpec[0]!];
  }
  const r = rd!;
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  if (groups === 1) {
    const out = conv(lhs, reshapeAxisInto(r, rhsSpec[0]!, rhs), p);
    return [reshapeAxisOutOf(outSpec[1]!, size, out), outSpec[1]!];
  }
  // Groups must stay outermost in the kernel's output features: the vmap axis goes inside each
  // group, and comes out of the output features the same way.
  const o = rhsSpec[0]!;
  let w = reshapeAxisOutOf(o + (r <= o ? 1 : 0), groups, rhs);
  w = reshapeAxisInto(r + (o < r ? 1 : 0), o + 1, w);
  w = reshapeAxisInto(o, o, w);
  const f = outSpec[1]!;
  let out = conv(lhs, w, p);
  out = reshapeAxisOutOf(f, groups, out);
  out = reshapeAxisOutOf(f + 1, size, out);
  return [reshapeAxisInto(f, f + 1, out), f];
}
