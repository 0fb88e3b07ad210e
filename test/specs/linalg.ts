// Specs of dot_general and conv_general_dilated. References are plain loops written per case
// (matmuls, contractions) or by the textbook construction of a convolution: materialize the
// dilated, padded input, then slide the dilated kernel over it — not the kernel's tap tables.
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import type { ConvDimensionNumbersLike } from "../../src/lax/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import type { ArgSpec, PrimitiveSpec, RefValue } from "./spec.js";

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** out[b, i, j] = sum_k a[b, i, k] * c[b, k, j] over row-major [B, M, K] and [B, K, N] data. */
function refBatchedMatmul(a: number[], c: number[], B: number, M: number, K: number, N: number): number[] {
  const out = zeros(B * M * N);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[(b * M + i) * K + k]! * c[(b * K + k) * N + j]!;
        out[(b * M + i) * N + j] = s;
      }
  return out;
}

/** Reference transpose of a row-major array: output axis i is input axis perm[i]. */
export function refTranspose(x: RefValue, perm: number[]): RefValue {
  const shape = perm.map((p) => x.shape[p]!);
  const inStrides = x.shape.map((_, i) => x.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const idx = zeros(shape.length);
  const total = shape.reduce((a, b) => a * b, 1);
  for (let n = 0; n < total; n++) {
    let off = 0;
    perm.forEach((p, i) => (off += idx[i]! * inStrides[p]!));
    out.push(x.data[off]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}

interface Conv2dConfig {
  strides: [number, number];
  padding: [[number, number], [number, number]];
  lhsDilation: [number, number];
  rhsDilation: [number, number];
  featureGroups: number;
  batchGroups: number;
}

const CONV_DEFAULTS: Conv2dConfig = {
  strides: [1, 1],
  padding: [
    [0, 0],
    [0, 0],
  ],
  lhsDilation: [1, 1],
  rhsDilation: [1, 1],
  featureGroups: 1,
  batchGroups: 1,
};

/** 2-D convolution of NCHW input with an OIHW kernel, by the textbook construction. */
export function refConv2d(x: RefValue, w: RefValue, config: Partial<Conv2dConfig> = {}): RefValue {
  const c = { ...CONV_DEFAULTS, ...config };
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, I, KH, KW] = w.shape as [number, number, number, number];
  const at = (n: number, ch: number, i: number, j: number) => x.data[((n * C + ch) * H + i) * W + j]!;
  // The dilated input, then the padded one (negative padding crops).
  const dil = (size: number, d: number) => (size === 0 ? 0 : (size - 1) * d + 1);
  const [HD, WD] = [dil(H, c.lhsDilation[0]), dil(W, c.lhsDilation[1])];
  const [HP, WP] = [HD + c.padding[0][0] + c.padding[0][1], WD + c.padding[1][0] + c.padding[1][1]];
  const padded = (n: number, ch: number, p: number, q: number): number => {
    const i = p - c.padding[0][0];
    const j = q - c.padding[1][0];
    if (i < 0 || j < 0 || i >= HD || j >= WD) return 0;
    if (i % c.lhsDilation[0] !== 0 || j % c.lhsDilation[1] !== 0) return 0;
    return at(n, ch, i / c.lhsDilation[0], j / c.lhsDilation[1]);
  };
  const [EH, EW] = [dil(KH, c.rhsDilation[0]), dil(KW, c.rhsDilation[1])];
  const OH = HP >= EH ? Math.floor((HP - EH) / c.strides[0]) + 1 : 0;
  const OW = WP >= EW ? Math.floor((WP - EW) / c.strides[1]) + 1 : 0;
  const NB = N / c.batchGroups;
  const out: number[] = [];
  for (let n = 0; n < NB; n++)
    for (let o = 0; o < O; o++) {
      const fGroup = Math.floor(o / (O / c.featureGroups));
      const bGroup = Math.floor(o / (O / c.batchGroups));
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          let s = 0;
          for (let ci = 0; ci < I; ci++)
            for (let kh = 0; kh < KH; kh++)
              for (let kw = 0; kw < KW; kw++) {
                const v = padded(
                  bGroup * NB + n,
                  fGroup * I + ci,
                  i * c.strides[0] + kh * c.rhsDilation[0],
                  j * c.strides[1] + kw * c.rhsDilation[1],
                );
                s += v * w.data[((o * I + ci) * KH + kh) * KW + kw]!;
              }
          out.push(s);
        }
    }
  return { shape: [NB, O, OH, OW], data: out };
}

/** 1-D convolution (NCW, OIW) as a 2-D one with a unit height. */
function refConv1d(
  x: RefValue,
  w: RefValue,
  c: { stride: number; padding: [number, number]; lhsDilation?: number; rhsDilation?: number; featureGroups?: number },
): RefValue {
  const lift = (v: RefValue): RefValue => ({ shape: [v.shape[0]!, v.shape[1]!, 1, v.shape[2]!], data: v.data });
  const r = refConv2d(lift(x), lift(w), {
    strides: [1, c.stride],
    padding: [[0, 0], c.padding],
    lhsDilation: [1, c.lhsDilation ?? 1],
    rhsDilation: [1, c.rhsDilation ?? 1],
    featureGroups: c.featureGroups ?? 1,
  });
  return { shape: [r.shape[0]!, r.shape[1]!, r.shape[3]!], data: r.data };
}

const f = (shape: number[], dtype?: DType): ArgSpec => (dtype ? { shape, dtype } : { shape });

function convSpec(
  name: string,
  args: ArgSpec[],
  options: {
    strides: number[];
    padding: string | [number, number][];
    lhsDilation?: number[];
    rhsDilation?: number[];
    featureGroupCount?: number;
    batchGroupCount?: number;
    dimensionNumbers?: ConvDimensionNumbersLike;
  },
  reference: (x: RefValue, w: RefValue) => RefValue,
  extra: Partial<PrimitiveSpec> = {},
): PrimitiveSpec {
  const { strides, padding, ...rest } = options;
  return {
    name,
    prim: "conv_general_dilated",
    fn: (x: JaxArray, w: JaxArray) => lax.convGeneralDilated(x, w, strides, padding, rest),
    args,
    reference,
    ...extra,
  };
}

const matmulDn = [
  [[1], [0]],
  [[], []],
] as const;

export const linalgSpecs: PrimitiveSpec[] = [
  {
    name: "dot_general matmul",
    prim: "dot_general",
    fn: (a, b) => lax.dotGeneral(a, b, matmulDn),
    args: [f([3, 4]), f([4, 5])],
    reference: (a, b) => ({ shape: [3, 5], data: refBatchedMatmul(a.data, b.data, 1, 3, 4, 5) }),
  },
  {
    name: "dot_general batched matmul",
    prim: "dot_general",
    fn: (a, b) =>
      lax.dotGeneral(a, b, [
        [[2], [1]],
        [[0], [0]],
      ]),
    args: [f([2, 3, 4]), f([2, 4, 5])],
    reference: (a, b) => ({ shape: [2, 3, 5], data: refBatchedMatmul(a.data, b.data, 2, 3, 4, 5) }),
  },
  {
    name: "dot_general batch axes not leading",
    prim: "dot_general",
    // lhs [m=3, b=2, k=4], rhs [k=4, n=5, b=2]: out[b, m, n] = sum_k lhs[m, b, k] rhs[k, n, b].
    fn: (a, b) =>
      lax.dotGeneral(a, b, [
        [[2], [0]],
        [[1], [2]],
      ]),
    args: [f([3, 2, 4]), f([4, 5, 2])],
    reference: (a, b) => {
      const out: number[] = [];
      for (let bb = 0; bb < 2; bb++)
        for (let m = 0; m < 3; m++)
          for (let n = 0; n < 5; n++) {
            let s = 0;
            for (let k = 0; k < 4; k++) s += a.data[(m * 2 + bb) * 4 + k]! * b.data[(k * 5 + n) * 2 + bb]!;
            out.push(s);
          }
      return { shape: [2, 3, 5], data: out };
    },
  },
  {
    name: "dot_general contraction over two axes",
    prim: "dot_general",
    // lhs [i=2, a=3, b=4], rhs [b=4, a=3, j=5]: out[i, j] = sum_{a,b} lhs[i, a, b] rhs[b, a, j].
    fn: (a, b) =>
      lax.dotGeneral(a, b, [
        [
          [1, 2],
          [1, 0],
        ],
        [[], []],
      ]),
    args: [f([2, 3, 4]), f([4, 3, 5])],
    reference: (x, y) => {
      const out: number[] = [];
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 5; j++) {
          let s = 0;
          for (let a = 0; a < 3; a++)
            for (let b = 0; b < 4; b++) s += x.data[(i * 3 + a) * 4 + b]! * y.data[(b * 3 + a) * 5 + j]!;
          out.push(s);
        }
      return { shape: [2, 5], data: out };
    },
  },
  {
    name: "dot_general vector dot",
    prim: "dot_general",
    fn: (a, b) =>
      lax.dotGeneral(a, b, [
        [[0], [0]],
        [[], []],
      ]),
    args: [f([6]), f([6])],
    reference: (a, b) => ({ shape: [], data: [a.data.reduce((s, v, i) => s + v * b.data[i]!, 0)] }),
  },
  {
    name: "dot_general outer product (no contraction)",
    prim: "dot_general",
    fn: (a, b) =>
      lax.dotGeneral(a, b, [
        [[], []],
        [[], []],
      ]),
    args: [f([3]), f([4])],
    reference: (a, b) => ({ shape: [3, 4], data: a.data.flatMap((x) => b.data.map((y) => x * y)) }),
  },
  {
    name: "dot_general int32",
    prim: "dot_general",
    fn: (a, b) => lax.dotGeneral(a, b, matmulDn),
    args: [f([3, 4], "int32"), f([4, 2], "int32")],
    reference: (a, b) => ({ shape: [3, 2], data: refBatchedMatmul(a.data, b.data, 1, 3, 4, 2) }),
    nondiff: true,
  },
  {
    name: "dot_general int32 wraps",
    prim: "dot_general",
    fn: (a, b) => lax.dotGeneral(a, b, matmulDn),
    // 65536 * 65536 = 2^32 wraps to 0; (2^31 - 1) * 65536 = 2^47 - 2^16 wraps to -2^16.
    args: [
      { shape: [2, 2], dtype: "int32", values: [65536, 3, 2147483647, 1] },
      { shape: [2, 1], dtype: "int32", values: [65536, 0] },
    ],
    reference: () => ({ shape: [2, 1], data: [0, -65536] }),
    nondiff: true,
  },
  {
    name: "dot_general preferred float64",
    prim: "dot_general",
    fn: (a, b) => lax.dotGeneral(a, b, matmulDn, { preferredElementType: "float64" }),
    args: [f([2, 3]), f([3, 2])],
    reference: (a, b) => ({ shape: [2, 2], data: refBatchedMatmul(a.data, b.data, 1, 2, 3, 2) }),
  },
  {
    name: "dot matrix-vector",
    prim: "dot_general",
    fn: (a, b) => lax.dot(a, b),
    args: [f([3, 4]), f([4])],
    reference: (a, b) => ({ shape: [3], data: refBatchedMatmul(a.data, b.data, 1, 3, 4, 1) }),
  },
  {
    name: "batch_matmul",
    prim: "dot_general",
    fn: (a, b) => lax.batchMatmul(a, b),
    args: [f([2, 2, 3]), f([2, 3, 2])],
    reference: (a, b) => ({ shape: [2, 2, 2], data: refBatchedMatmul(a.data, b.data, 2, 2, 3, 2) }),
  },
  convSpec(
    "conv 1-D stride, padding, rhs dilation",
    [f([2, 3, 9]), f([4, 3, 3])],
    { strides: [2], padding: [[1, 2]], rhsDilation: [2] },
    (x, w) => refConv1d(x, w, { stride: 2, padding: [1, 2], rhsDilation: 2 }),
  ),
  convSpec(
    "conv 1-D lhs dilation",
    [f([1, 2, 4]), f([3, 2, 2])],
    { strides: [1], padding: [[1, 1]], lhsDilation: [2] },
    (x, w) => refConv1d(x, w, { stride: 1, padding: [1, 1], lhsDilation: 2 }),
  ),
  convSpec(
    "conv 2-D strides and padding",
    [f([2, 3, 6, 5]), f([4, 3, 3, 2])],
    {
      strides: [2, 1],
      padding: [
        [1, 1],
        [0, 2],
      ],
    },
    (x, w) =>
      refConv2d(x, w, {
        strides: [2, 1],
        padding: [
          [1, 1],
          [0, 2],
        ],
      }),
  ),
  convSpec(
    "conv 2-D lhs and rhs dilation, negative padding",
    [f([1, 2, 4, 5]), f([3, 2, 2, 2])],
    {
      strides: [1, 2],
      padding: [
        [-1, 1],
        [1, 0],
      ],
      lhsDilation: [2, 1],
      rhsDilation: [1, 2],
    },
    (x, w) =>
      refConv2d(x, w, {
        strides: [1, 2],
        padding: [
          [-1, 1],
          [1, 0],
        ],
        lhsDilation: [2, 1],
        rhsDilation: [1, 2],
      }),
  ),
  convSpec("conv 2-D SAME padding", [f([1, 2, 5, 4]), f([3, 2, 3, 2])], { strides: [2, 1], padding: "SAME" }, (x, w) =>
    // SAME with strides (2, 1): out (3, 4); pads (1, 1) rows and (0, 1) columns.
    refConv2d(x, w, {
      strides: [2, 1],
      padding: [
        [1, 1],
        [0, 1],
      ],
    }),
  ),
  convSpec(
    "conv 2-D feature groups",
    [f([2, 4, 4, 3]), f([6, 2, 2, 2])],
    { strides: [1, 1], padding: "VALID", featureGroupCount: 2 },
    (x, w) => refConv2d(x, w, { featureGroups: 2 }),
  ),
  convSpec(
    "conv 2-D depthwise",
    [f([1, 3, 4, 4]), f([3, 1, 3, 3])],
    { strides: [1, 1], padding: "SAME", featureGroupCount: 3 },
    (x, w) =>
      refConv2d(x, w, {
        featureGroups: 3,
        padding: [
          [1, 1],
          [1, 1],
        ],
      }),
  ),
  convSpec(
    "conv 2-D batch groups",
    [f([4, 2, 3, 3]), f([4, 2, 2, 2])],
    { strides: [1, 1], padding: "VALID", batchGroupCount: 2 },
    (x, w) => refConv2d(x, w, { batchGroups: 2 }),
  ),
  convSpec(
    "conv 2-D NHWC/HWIO",
    [f([2, 5, 4, 3]), f([3, 2, 3, 4])],
    { strides: [2, 1], padding: "SAME", dimensionNumbers: ["NHWC", "HWIO", "NHWC"] },
    (x, w) => {
      const r = refConv2d(refTranspose(x, [0, 3, 1, 2]), refTranspose(w, [3, 2, 0, 1]), {
        strides: [2, 1],
        padding: [
          [1, 1],
          [0, 1],
        ],
      });
      return refTranspose(r, [0, 2, 3, 1]);
    },
  ),
  convSpec(
    "conv 2-D NHWC shorthand with feature groups",
    [f([1, 4, 4, 4]), f([2, 2, 2, 4])],
    { strides: [1, 1], padding: "VALID", dimensionNumbers: "NHWC", featureGroupCount: 2 },
    (x, w) => {
      const r = refConv2d(refTranspose(x, [0, 3, 1, 2]), refTranspose(w, [3, 2, 0, 1]), { featureGroups: 2 });
      return refTranspose(r, [0, 2, 3, 1]);
    },
  ),
  convSpec(
    "conv 2-D int32",
    [f([1, 2, 3, 3], "int32"), f([2, 2, 2, 2], "int32")],
    { strides: [1, 1], padding: "VALID" },
    (x, w) => refConv2d(x, w),
    {
      nondiff: true,
    },
  ),
];
