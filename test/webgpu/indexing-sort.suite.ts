// The gather, scatter, sort and window kernels on WebGPU against the CPU backend, on what the spec
// table does not reach: unsigned and out-of-range indices, every mode, bool and float16
// combiners (float16 rounds after every combine), NaN and signed zeros, long lines with ties,
// empty operands. These kernels compute exactly, so results must agree bit for bit.
import { beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

interface Operand {
  values: number[];
  shape: number[];
  dtype: DType;
}
const op = (values: number[], shape: number[], dtype: DType = "float32"): Operand => ({ values, shape, dtype });

let gpu: WebGpuDevice | null = null;

/** Runs `f` on both devices over the same host operands and expects identical outputs. */
async function expectSameOnBoth(f: (...xs: JaxArray[]) => JaxArray | JaxArray[], operands: Operand[]): Promise<void> {
  const run = (device: typeof cpuDevice | WebGpuDevice) =>
    onDevice(device, () => {
      const out = f(...operands.map((o) => arrayFromHost(o.values, o.shape, o.dtype)));
      return Array.isArray(out) ? out : [out];
    });
  const cpu = run(cpuDevice);
  const webgpu = run(gpu!);
  expect(webgpu.length).toBe(cpu.length);
  for (const [k, c] of cpu.entries()) {
    const g = webgpu[k]! as ArrayImpl;
    expect([g.shape, g.dtype], `output ${k}`).toEqual([c.shape, c.dtype]);
    const want = Array.from((c as ArrayImpl).dataSync());
    const got = Array.from(await g.data());
    const same = want.every((w, i) => Object.is(got[i], w) || (Number.isNaN(got[i]) && Number.isNaN(w)));
    expect(same, `output ${k}: WebGPU ${JSON.stringify(got)}, CPU ${JSON.stringify(want)}`).toBe(true);
  }
}

const rows = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] };
const scatterRows = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const scatterElements = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe.skipIf(skipWebGpu)("gather, scatter, sort and windows on WebGPU match the CPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  it("gathers with uint32 indices, filling out-of-bounds rows with the default NaN", async () => {
    await expectSameOnBoth(
      (x, i) => lax.gather(x, i, rows, [1, 3], { mode: "fill" }),
      [
        op(
          seq(15, (i) => i - 7),
          [5, 3],
        ),
        op([4, 0, 7, 4294967295, 2], [5, 1], "uint32"),
      ],
    );
  });

  it("gathers bool rows, clamping out-of-bounds int32 starts", async () => {
    await expectSameOnBoth(
      (x, i) => lax.gather(x, i, rows, [1, 2], { mode: "clip" }),
      [op([1, 0, 0, 1, 1, 1], [3, 2], "bool"), op([-5, 2, 9, 1], [4, 1], "int32")],
    );
  });

  it("scatter-adds float16 with repeated indices, rounding after every addition", async () => {
    if (!gpu!.hasF16) return;
    // 2048 + 1 + 1 + ... : float16 spacing at 2048 is 2, so each +1 rounds (to even).
    await expectSameOnBoth(
      (x, i, u) => lax.scatterAdd(x, i, u, scatterElements),
      [
        op([2048, 0.1], [2], "float16"),
        op([0, 0, 0, 1, 0, 1], [6, 1], "int32"),
        op([1, 1, 1, 0.3, 3, 0.7], [6], "float16"),
      ],
    );
  });

  it("combines bools with or (add, max) and and (mul, min)", async () => {
    const operands = [
      op([0, 1, 0, 1], [4], "bool"),
      op([0, 1, 2, 0, 3], [5, 1], "int32"),
      op([1, 0, 0, 0, 1], [5], "bool"),
    ];
    await expectSameOnBoth(
      (x, i, u) => [
        lax.scatterAdd(x, i, u, scatterElements),
        lax.scatterMax(x, i, u, scatterElements),
        lax.scatterMul(x, i, u, scatterElements),
        lax.scatterMin(x, i, u, scatterElements),
      ],
      operands,
    );
  });

  it("scatter-max propagates NaN and orders -0 below +0; promise_in_bounds drops, as XLA", async () => {
    await expectSameOnBoth(
      (x, i, u) => [
        lax.scatterMax(x, i, u, scatterElements),
        lax.scatterMin(x, i, u, scatterElements),
        lax.scatter(x, i, u, scatterElements, { mode: "promise_in_bounds" }),
      ],
      [
        op([-0, 0, 1, NaN], [4], "float32"),
        op([0, 1, 2, 2, 3, 7, -1], [7, 1], "int32"),
        op([0, -0, NaN, 5, 2, 9, 9], [7]),
      ],
    );
  });

  it("scatters int32 rows with uint32 indices in clip mode, the last update winning", async () => {
    await expectSameOnBoth(
      (x, i, u) => lax.scatter(x, i, u, scatterRows, { mode: "clip" }),
      [
        op(
          seq(8, (i) => i),
          [4, 2],
          "int32",
        ),
        op([3, 4294967295, 1, 9], [4, 1], "uint32"),
        op(
          seq(8, (i) => -i),
          [4, 2],
          "int32",
        ),
      ],
    );
  });

  it("sorts stably by two float keys with NaN, infinities and signed zeros, carrying a payload", async () => {
    const k1 = [NaN, 1, -0, 0, -Infinity, 1, NaN, 0, Infinity, -0, 1, NaN];
    const k2 = [2, NaN, 1, 1, 0, NaN, 2, -0, 5, 0, 3, 1];
    await expectSameOnBoth(
      (a, b, c) => lax.sort([a, b, c], { numKeys: 2 }),
      [
        op(k1, [12]),
        op(k2, [12]),
        op(
          seq(12, (i) => i),
          [12],
          "int32",
        ),
      ],
    );
  });

  it("sorts bool and uint32 keys along axis 0 of a 3-D array", async () => {
    await expectSameOnBoth(
      (a, b) => lax.sort([a, b], { dimension: 0, numKeys: 2 }),
      [
        op(
          seq(24, (i) => ((i * 7) % 3 === 0 ? 1 : 0)),
          [4, 3, 2],
          "bool",
        ),
        op(
          seq(24, (i) => [4294967295, 0, 7, 2147483648][i % 4]!),
          [4, 3, 2],
          "uint32",
        ),
      ],
    );
  });

  it("sorts a long line with many ties stably, and an empty one", async () => {
    await expectSameOnBoth(
      (k, v) => lax.sort([k, v], { numKeys: 1 }),
      [
        op(
          seq(600, (i) => (i * 37) % 11),
          [2, 300],
          "int32",
        ),
        op(
          seq(600, (i) => i),
          [2, 300],
          "int32",
        ),
      ],
    );
    await expectSameOnBoth((x) => lax.sort(x), [op([], [3, 0])]);
  });

  it("reduce_window_max and min keep NaN and fold integers exactly", async () => {
    await expectSameOnBoth(
      (x) => [
        lax.reduceWindowMax(
          x,
          [2, 2],
          [1, 1],
          [
            [1, 0],
            [0, 1],
          ],
        ),
        lax.reduceWindowMin(x, [3, 1], [2, 1], "SAME"),
      ],
      [op([1, NaN, -0, 0, 3, -Infinity, 2, 2, 7], [3, 3])],
    );
    await expectSameOnBoth(
      (x) => lax.reduceWindowSum(x, [2], [1], [[0, 0]]),
      [op([2147483647, 1, -5, 4294967295], [4], "uint32")],
    );
  });

  it("gathers and scatters nothing when there are no indices", async () => {
    await expectSameOnBoth(
      (x, i, u) => [lax.scatterAdd(x, i, u, scatterRows), lax.gather(x, i, rows, [1, 3])],
      [
        op(
          seq(6, (i) => i),
          [2, 3],
        ),
        op([], [0, 1], "int32"),
        op([], [0, 3]),
      ],
    );
  });
});
