// dot_general's WebGPU kernels against the CPU: each form of the tiled kernel (vec4 accumulators
// along N or M, vec4 reads along K, scalar), with the rhs packed first, with the contraction split
// into chunks, with tiles that do not divide the output, batch axes anywhere, several contracted
// axes, and other tile shapes than the adapter's (results must not depend on them).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import { dotGeneralP } from "../../src/primitives/linalg/dot-general.js";
import type { DotDimensionNumbers } from "../../src/primitives/linalg/dot-dimension-numbers.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { LoweringTuning } from "../../src/lowering/lowering.js";
import type { Kernel } from "../../src/lowering/kernel-ir.js";
import { chooseTile, dotGeneralLowering } from "../../src/lowering/primitives/dot.js";
import { dotGeometry } from "../../src/lowering/primitives/dot-geometry.js";
import { dotLayout } from "../../src/lowering/primitives/dot-tile.js";
import { ShapedArray } from "../../src/tracing/aval.js";
import { expectClose } from "../util/close.js";
import { AB, ABT, ATB } from "./dot-layouts.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

/**
 * The kernel a product lowers to: the tiled kernel's accumulators ("n4": vec4 along N, the rhs read
 * four columns at a time; "m4": vec4 along M, the lhs read four rows at a time; "k4": scalars, both
 * operands read four k at a time; "scalar"), "+pack" when the rhs is packed first, "+split" when
 * the contraction is split into chunks added up by a second kernel.
 */
type Form = string;
/** [label, lhs shape, rhs shape, dimension numbers, the kernel form expected] */
type Case = [string, number[], number[], DotDimensionNumbers, Form];


// Each case compiles its own kernels (the large tiles take most of a second on lavapipe), so each
// covers something the others do not. These are small products: at most 4 x 4 tiles, no packing.
const CASES: Case[] = [
  [
    "batched A @ B, lhs read element by element",
    [2, 5, 8],
    [2, 8, 12],
    [
      [[2], [1]],
      [[0], [0]],
    ],
    "n4",
  ],
  ["A^T @ B, both read as vec4 along their free axes", [12, 8], [12, 8], ATB, "n4"],
  [
    "two trailing free rhs axes, K % 4 != 0",
    [3, 6],
    [6, 2, 4],
    [
      [[1], [0]],
      [[], []],
    ],
    "n4",
  ],
  ["A^T @ B with N % 4 != 0: vec4 along M", [8, 12], [8, 7], ATB, "m4"],
  [
    "A @ B^T, batch axis in the middle",
    [3, 2, 8],
    [5, 2, 8],
    [
      [[2], [2]],
      [[1], [1]],
    ],
    "k4",
  ],
  [
    "two trailing contracted axes",
    [3, 2, 4],
    [5, 2, 4],
    [
      [
        [1, 2],
        [1, 2],
      ],
      [[], []],
    ],
    "k4",
  ],
  ["A @ B with N % 4 != 0", [4, 8], [8, 5], AB, "scalar"],
  [
    "A^T @ B^T",
    [8, 3],
    [4, 8],
    [
      [[0], [1]],
      [[], []],
    ],
    "scalar",
  ],
  // Empty operands cannot bind as vec4 groups.
  [
    "empty contraction",
    [2, 0],
    [0, 4],
    [
      [[1], [0]],
      [[], []],
    ],
    "scalar",
  ],
  // Few outputs, long contraction: chunks of the contraction in parallel, then their sum.
  [
    "vector dot product, split into chunks",
    [2048],
    [2048],
    [
      [[0], [0]],
      [[], []],
    ],
    "k4+split",
  ],
  ["A @ B split into chunks, the last one shorter", [3, 1000], [1000, 5], AB, "scalar+split"],
  ["A^T @ v split into chunks, vec4 along M", [700, 8], [700, 1], ATB, "m4+split"],
];

// The same with the large-product path forced (dotSmallWork 0): 8 x 16 tiles, rhs packing.
const LARGE_CASES: Case[] = [
  ["A @ B^T with the rhs packed", [12, 8], [20, 8], ABT, "n4+pack"],
  [
    "batched, batch axis in the middle, rhs packed",
    [3, 10, 2, 8],
    [2, 12, 8, 3],
    [
      [[3], [2]],
      [[2], [0]],
    ],
    "n4+pack",
  ],
  [
    "A^T @ B^T: lhs as vec4 along M, rhs packed",
    [8, 12],
    [20, 8],
    [
      [[0], [1]],
      [[], []],
    ],
    "n4+pack",
  ],
];

let gpu: WebGpuDevice | null = null;
let adapterTuning: LoweringTuning | null = null;

function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i + 1) * 7919 * seed) % 1013) / 500 - 1);
}

async function expectMatchesCpu(
  lhsShape: number[],
  rhsShape: number[],
  dn: DotDimensionNumbers,
  label: string,
  tol = 1e-5,
): Promise<void> {
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const [a, b] = [values(size(lhsShape), 3), values(size(rhsShape), 5)];
  const run = (device: typeof cpuDevice | WebGpuDevice) =>
    onDevice(device, () =>
      lax.dotGeneral(arrayFromHost(a, lhsShape, "float32"), arrayFromHost(b, rhsShape, "float32"), dn),
    ) as ArrayImpl;
  const want = run(cpuDevice);
  const got = run(gpu!);
  expect(got.shape, label).toEqual(want.shape);
  expectClose(await got.data(), want.dataSync(), tol, tol, label);
}

function formOf(lhsShape: number[], rhsShape: number[], dn: DotDimensionNumbers, dtype: DType = "float32"): Form {
  const lhs = new ShapedArray(lhsShape, dtype);
  const rhs = new ShapedArray(rhsShape, dtype);
  const params = { dimensionNumbers: dn, precision: null, preferredElementType: null };
  const out = dotGeneralP.abstractEval([lhs, rhs], params)[0]!;
  const program = dotGeneralLowering({ inAvals: [lhs, rhs], outAvals: [out], params, tuning: gpu!.tuning });
  const kernels: Kernel[] =
    program.kind === "kernel" ? [program.kernel] : program.kind === "multi" ? program.steps.map((s) => s.kernel) : [];
  const packs = kernels.length > 1 && kernels[0]!.inputs.length === 1;
  const splits = kernels.length > 1 && kernels[kernels.length - 1]!.inputs.length === 1;
  const tiled = kernels[packs ? 1 : 0]!;
  const form =
    tiled.outputs[0] === "vec4f"
      ? "n4"
      : tiled.inputs.every((t) => t === "vec4f")
        ? "k4"
        : tiled.inputs[0] === "vec4f"
          ? "m4"
          : "scalar";
  return form + (packs ? "+pack" : "") + (splits ? "+split" : "");
}

describe.skipIf(skipWebGpu)("dot_general on WebGPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
    adapterTuning = gpu?.tuning ?? null;
  });
  afterEach(() => {
    if (adapterTuning) gpu!.setTuning(adapterTuning);
  });

  it.each(CASES)("%s: picks the expected kernel and matches the CPU", async (label, lhsShape, rhsShape, dn, form) => {
    expect(formOf(lhsShape, rhsShape, dn), label).toBe(form);
    // The CPU accumulates in float64; chunked sums round differently from a float32 loop.
    await expectMatchesCpu(lhsShape, rhsShape, dn, label, form.endsWith("split") ? 1e-4 : 1e-5);
  });

  it.each(LARGE_CASES)(
    "%s (large-product path): picks the expected kernel and matches the CPU",
    async (label, lhsShape, rhsShape, dn, form) => {
      gpu!.setTuning({ ...gpu!.tuning, dotSmallWork: 0, dotMinInvocations: 1 });
      expect(formOf(lhsShape, rhsShape, dn), label).toBe(form);
      await expectMatchesCpu(lhsShape, rhsShape, dn, label);
    },
  );

  it("gives an MLP's three products (784-256-10, batch 128) the vec4 forms and large tiles", () => {
    expect(formOf([128, 784], [784, 256], AB)).toBe("n4");
    expect(formOf([128, 784], [128, 256], ATB)).toBe("n4");
    expect(formOf([128, 256], [784, 256], ABT)).toBe("n4+pack");
    const g = dotGeometry(
      new ShapedArray([128, 784], "float32"),
      new ShapedArray([784, 256], "float32"),
      new ShapedArray([128, 256], "float32"),
      {
        dimensionNumbers: AB,
        precision: null,
        preferredElementType: null,
      },
    );
    expect(chooseTile(g, dotLayout(g, true), gpu!.tuning)).toEqual([gpu!.tuning.dotTileRows, gpu!.tuning.dotTileCols]);
  });

  it("keeps non-float32 contractions on the scalar kernel", () => {
    expect(formOf([4, 8], [8, 8], AB, "int32")).toBe("scalar");
    if (gpu!.hasF16) expect(formOf([4, 8], [8, 8], AB, "float16")).toBe("scalar");
  });

  it("gives the same results with other tiles (3 x 8, 5 x 5, 1 x 1)", async () => {
    for (const [rows, cols] of [
      [3, 8],
      [5, 5],
      [1, 1],
    ]) {
      gpu!.setTuning({ ...gpu!.tuning, dotTileRows: rows!, dotTileCols: cols!, dotSmallWork: 0, dotMinInvocations: 1 });
      for (const [label, lhsShape, rhsShape, dn] of [CASES[0]!, CASES[1]!, LARGE_CASES[0]!]) {
        await expectMatchesCpu(lhsShape, rhsShape, dn, `${label} with ${rows} x ${cols} tiles`);
      }
    }
  });
});
