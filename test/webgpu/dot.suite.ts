// dot_general's WebGPU kernels against the CPU: the vec4 "rows" form (rhs rows contiguous), the
// vec4 "dots" form (both operands contiguous along the contraction) and the scalar kernel, with
// tiles that do not divide the output, batch axes anywhere, several contracted axes, and other
// tile shapes than the adapter's (results must not depend on them).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import { dotGeneralP } from "../../src/primitives/linalg/dot-general.js";
import type { DotDimensionNumbers } from "../../src/primitives/linalg/dot-dimension-numbers.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { LoweringTuning } from "../../src/lowering/lowering.js";
import { ShapedArray } from "../../src/tracing/aval.js";
import { expectClose } from "../util/close.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

type Form = "rows" | "dots" | "scalar";
/** [label, lhs shape, rhs shape, dimension numbers, the kernel form expected] */
type Case = [string, number[], number[], DotDimensionNumbers, Form];

// Each case compiles its own kernel (the vec4 ones take most of a second on lavapipe), so each
// covers something the others do not.
const CASES: Case[] = [
  [
    "batched A @ B, lhs read as vec4 along K",
    [2, 5, 8],
    [2, 8, 12],
    [
      [[2], [1]],
      [[0], [0]],
    ],
    "rows",
  ],
  [
    "A^T @ B, lhs read element by element",
    [12, 7],
    [12, 8],
    [
      [[0], [0]],
      [[], []],
    ],
    "rows",
  ],
  [
    "two trailing free rhs axes, K % 4 != 0",
    [3, 6],
    [6, 2, 4],
    [
      [[1], [0]],
      [[], []],
    ],
    "rows",
  ],
  [
    "A @ B^T, batch axis in the middle",
    [3, 2, 8],
    [5, 2, 8],
    [
      [[2], [2]],
      [[1], [1]],
    ],
    "dots",
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
    "dots",
  ],
  [
    "A @ B with N % 4 != 0",
    [4, 8],
    [8, 5],
    [
      [[1], [0]],
      [[], []],
    ],
    "scalar",
  ],
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
  expectClose(await got.data(), want.dataSync(), 1e-5, 1e-5, label);
}

function formOf(lhsShape: number[], rhsShape: number[], dn: DotDimensionNumbers, dtype: DType = "float32"): Form {
  const lhs = new ShapedArray(lhsShape, dtype);
  const rhs = new ShapedArray(rhsShape, dtype);
  const params = { dimensionNumbers: dn, precision: null, preferredElementType: null };
  const out = dotGeneralP.abstractEval([lhs, rhs], params)[0]!;
  const wgsl = gpu!.wgslFor(dotGeneralP, [lhs, rhs], params, [out])!;
  if (!wgsl.includes("vec4<f32>")) return "scalar";
  return wgsl.includes("out0: array<vec4<f32>>") ? "rows" : "dots";
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
    await expectMatchesCpu(lhsShape, rhsShape, dn, label);
  });

  it("keeps non-float32 contractions on the scalar kernel", () => {
    expect(
      formOf(
        [4, 8],
        [8, 8],
        [
          [[1], [0]],
          [[], []],
        ],
        "int32",
      ),
    ).toBe("scalar");
    if (gpu!.hasF16)
      expect(
        formOf(
          [4, 8],
          [8, 8],
          [
            [[1], [0]],
            [[], []],
          ],
          "float16",
        ),
      ).toBe("scalar");
  });

  it("gives the same results with 3 x 8 tiles", async () => {
    gpu!.setTuning({ ...gpu!.tuning, dotTileRows: 3, dotTileCols: 8, dotVec4: true });
    for (const [label, lhsShape, rhsShape, dn] of [CASES[0]!, CASES[3]!]) {
      await expectMatchesCpu(lhsShape, rhsShape, dn, `${label} with 3 x 8 tiles`);
    }
  });
});
