// CPU kernel of conv_general_dilated: a direct loop, no im2col. Operands are read in place
// through their strides (any dimension numbers). For each output position the kernel taps that
// land on a real lhs element — not on padding or on a hole of the lhs dilation — are listed
// once, then every (batch, output feature) pair sums over the taps and its group's features.
import { allocTyped, roundToFloat16, type AnyTypedArray } from "../../dtypes.js";
import type { ShapedArray } from "../../tracing/aval.js";
import { sizeOf, stridesOf } from "../../shape.js";
import type { HostTensor } from "../primitive.js";
import { accumulationKind } from "./contraction-dtype.js";
import type { ConvGeneralDilatedParams } from "./conv-params.js";

/** Calls `visit` for every multi-index of `shape` in row-major order (once for rank 0). */
function forEachIndex(shape: readonly number[], visit: (idx: readonly number[]) => void): void {
  if (shape.some((d) => d === 0)) return;
  const idx = new Array<number>(shape.length).fill(0);
  for (;;) {
    visit(idx);
    let d = shape.length - 1;
    for (; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/**
 * For one spatial axis: the lhs index read by output position o and kernel position k, stored
 * at [o * kernelSize + k], or -1 where that tap reads padding or a dilation hole.
 */
function tapTable(
  p: ConvGeneralDilatedParams,
  axis: number,
  lhsSize: number,
  kernelSize: number,
  outSize: number,
): Int32Array {
  const stride = p.windowStrides[axis]!;
  const lhsDil = p.lhsDilation[axis]!;
  const rhsDil = p.rhsDilation[axis]!;
  const lo = p.padding[axis]![0];
  const table = new Int32Array(outSize * kernelSize).fill(-1);
  for (let o = 0; o < outSize; o++) {
    for (let k = 0; k < kernelSize; k++) {
      const pos = o * stride + k * rhsDil - lo;
      if (pos < 0 || pos % lhsDil !== 0 || pos / lhsDil >= lhsSize) continue;
      table[o * kernelSize + k] = pos / lhsDil;
    }
  }
  return table;
}

export function convKernel(
  lhs: HostTensor,
  rhs: HostTensor,
  p: ConvGeneralDilatedParams,
  out: ShapedArray,
): AnyTypedArray {
  const result = allocTyped(out.dtype, out.size);
  if (out.size === 0) return result;
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const ls = stridesOf(lhs.shape);
  const rs = stridesOf(rhs.shape);
  const os = stridesOf(out.shape);
  const at = (shape: readonly number[], spec: readonly number[], k: number) => shape[spec[k]!]!;
  const nSpatial = lhsSpec.length - 2;
  const spatial = Array.from({ length: nSpatial }, (_, i) => i);
  const kernelShape = spatial.map((i) => at(rhs.shape, rhsSpec, i + 2));
  const outSpatial = spatial.map((i) => at(out.shape, outSpec, i + 2));
  const tables = spatial.map((i) => tapTable(p, i, at(lhs.shape, lhsSpec, i + 2), kernelShape[i]!, outSpatial[i]!));

  const batchOut = at(out.shape, outSpec, 0);
  const outFeatures = at(rhs.shape, rhsSpec, 0);
  const groupFeatures = at(rhs.shape, rhsSpec, 1);
  const perFeatureGroup = outFeatures / p.featureGroupCount;
  const perBatchGroup = outFeatures / p.batchGroupCount;
  const [lsN, lsC, rsO, rsI, osN, osO] = [
    ls[lhsSpec[0]!]!,
    ls[lhsSpec[1]!]!,
    rs[rhsSpec[0]!]!,
    rs[rhsSpec[1]!]!,
    os[outSpec[0]!]!,
    os[outSpec[1]!]!,
  ];
  const kind = accumulationKind(out.dtype);
  const L = lhs.data;
  const R = rhs.data;

  const taps = sizeOf(kernelShape);
  const tapL = new Int32Array(taps);
  const tapR = new Int32Array(taps);
  forEachIndex(outSpatial, (o) => {
    let count = 0;
    forEachIndex(kernelShape, (k) => {
      let lOff = 0;
      let rOff = 0;
      for (const i of spatial) {
        const j = tables[i]![o[i]! * kernelShape[i]! + k[i]!]!;
        if (j < 0) return;
        lOff += j * ls[lhsSpec[i + 2]!]!;
        rOff += k[i]! * rs[rhsSpec[i + 2]!]!;
      }
      tapL[count] = lOff;
      tapR[count] = rOff;
      count++;
    });
    let outOff = 0;
    for (const i of spatial) outOff += o[i]! * os[outSpec[i + 2]!]!;

    for (let n = 0; n < batchOut; n++) {
      for (let f = 0; f < outFeatures; f++) {
        // Feature groups split the lhs features, batch groups the lhs batch, both group-major.
        const featureGroup = Math.floor(f / perFeatureGroup);
        const batchGroup = Math.floor(f / perBatchGroup);
        const lBase = (batchGroup * batchOut + n) * lsN + featureGroup * groupFeatures * lsC;
        const rBase = f * rsO;
        let acc = 0;
        for (let c = 0; c < groupFeatures; c++) {
          const lb = lBase + c * lsC;
          const rb = rBase + c * rsI;
          if (kind === "float") {
            for (let t = 0; t < count; t++) acc += L[lb + tapL[t]!]! * R[rb + tapR[t]!]!;
          } else if (kind === "int") {
            for (let t = 0; t < count; t++) acc = (acc + Math.imul(L[lb + tapL[t]!]!, R[rb + tapR[t]!]!)) | 0;
          } else {
            for (let t = 0; t < count; t++) if (L[lb + tapL[t]!] !== 0 && R[rb + tapR[t]!] !== 0) acc = 1;
          }
        }
        result[n * osN + f * osO + outOff] = out.dtype === "float16" ? roundToFloat16(acc) : acc;
      }
    }
  });
  return result;
}
