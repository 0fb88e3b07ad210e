// The WebGPU device itself: registration by init(), uploads and reads of every dtype, the errors
// users see (float64, synchronous reads, primitives without a kernel, mixed devices), buffer
// release, the pipeline cache, empty and large arrays, float16, and the WGSL of two kernels.
import { beforeAll, describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import { DisposedError, UnsupportedError, ValueError } from "../../src/errors.js";
import * as lax from "../../src/lax/index.js";
import { addP } from "../../src/primitives/elementwise/binary.js";
import { selectNP } from "../../src/primitives/elementwise/select.js";
import type { Primitive } from "../../src/primitives/primitive.js";
import { bind1 } from "../../src/tracing/trace.js";
import { ShapedArray } from "../../src/tracing/aval.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { cpuDevice, onDevice, onDeviceAsync, openWebGpu, skipWebGpu } from "./webgpu-env.js";

let gpu: WebGpuDevice | null = null;

const onGpu = <T>(f: () => T): T => onDevice(gpu!, f);
const read = async (x: JaxArray): Promise<number[]> => Array.from(await (x as ArrayImpl).data());

describe.skipIf(skipWebGpu)("the WebGPU device", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  it("is registered by init() and becomes the default device", async () => {
    expect(jax.devices("webgpu")).toEqual([gpu]);
    expect(String(gpu)).toMatch(/^WebGpuDevice\(id=0, .+\)$/);
    // The test helpers switch back to the CPU between tests; init() itself left WebGPU the default.
    const probe = await jax.init({ quiet: true });
    expect(probe.available).toBe(true);
    expect(probe.adapter).toBe(gpu!.adapterName);
  });

  const roundTrips: [DType, number[]][] = [
    ["float32", [1.5, -0, NaN, Infinity, -3.25]],
    ["int32", [-(2 ** 31), -1, 0, 7, 2 ** 31 - 1]],
    ["uint32", [0, 1, 2 ** 32 - 1, 12345]],
    ["bool", [1, 0, 1]],
    ["float16", [0.5, -2, 65504, 6.103515625e-5, 5.960464477539063e-8]],
  ];
  it.each(roundTrips)("uploads and reads back %s exactly, odd lengths and scalars included", async (dtype, values) => {
    if (dtype === "float16" && !gpu!.hasF16) return;
    const x = onGpu(() => arrayFromHost(values, [values.length], dtype));
    expect(x.device).toBe(gpu);
    expect(Array.from(await x.data())).toEqual(values);
    const s = onGpu(() => arrayFromHost([values[1]!], [], dtype));
    expect(Array.from(await s.data())).toEqual([values[1]]);
    expect(await s.tolist()).toEqual(dtype === "bool" ? values[1] === 1 : values[1]);
  });

  it("keeps float64 arrays on the CPU, and rejects float64 on WebGPU naming the operation", () => {
    // With WebGPU as the default, float64 arrays are made on the CPU (WebGPU has no float64).
    expect(onGpu(() => arrayFromHost([1, 2], [2], "float64")).device.platform).toBe("cpu");
    expect(() => arrayFromHost([1, 2], [2], "float64", false, gpu!)).toThrow(UnsupportedError);
    expect(() => arrayFromHost([1, 2], [2], "float64", false, gpu!)).toThrow(
      /array: float64 is not supported on WebGPU \(got f64\[2\]\).*devicePut\(x, "cpu"\)/,
    );
    const x = onGpu(() => arrayFromHost([1, 2], [2], "float32"));
    expect(() => lax.convertElementType(x, "float64")).toThrow(
      /convert_element_type: float64 is not supported on WebGPU/,
    );
  });

  it("reads only asynchronously: dataSync and itemSync say to await x.data(); item() awaits", async () => {
    const x = onGpu(() => arrayFromHost([1], [1], "float32"));
    expect(() => x.dataSync()).toThrow(UnsupportedError);
    expect(() => x.dataSync()).toThrow(/await x\.data\(\)/);
    expect(() => x.itemSync()).toThrow(/await x\.data\(\)/);
    expect(await x.item()).toBe(1);
    expect(String(x)).toBe("Array(<on device>, dtype=float32)");
  });

  it("names primitives that have no WebGPU kernel yet", () => {
    // Every registered primitive lowers today, so an unregistered one stands in for a new primitive.
    const unloweredP: Primitive<Record<string, never>> = {
      name: "test_unlowered",
      abstractEval: (avals) => [...avals],
      impl: (inputs) => inputs.map((t) => t.data),
    };
    const x = onGpu(() => arrayFromHost([3, 1, 2], [3], "float32"));
    expect(() => bind1(unloweredP, [x], {})).toThrow(UnsupportedError);
    expect(() => bind1(unloweredP, [x], {})).toThrow(
      /test_unlowered: no WebGPU kernel for this primitive yet \(operands f32\[3\]\); run it on the CPU backend/,
    );
  });

  it("refuses operands on different devices", () => {
    const x = onGpu(() => arrayFromHost([1], [1], "float32"));
    const y = onDevice(cpuDevice, () => arrayFromHost([1], [1], "float32"));
    expect(() => lax.add(x, y)).toThrow(ValueError);
    expect(() => lax.add(x, y)).toThrow(/operands live on different devices/);
  });

  it("returns buffers when arrays are disposed, and reuses them", async () => {
    // Counted without an await in between: other suites' arrays may be collected at any await.
    const before = gpu!.liveBuffers;
    const x = onGpu(() => arrayFromHost([1, 2, 3], [3], "float32"));
    const y = lax.mul(x, x) as ArrayImpl;
    expect(gpu!.liveBuffers).toBe(before + 2);
    expect(Array.from(await y.data())).toEqual([1, 4, 9]);
    const held = gpu!.liveBuffers;
    x.dispose();
    y.dispose();
    x.dispose();
    expect(gpu!.liveBuffers).toBe(held - 2);
    expect(() => lax.neg(x)).toThrow(DisposedError);
  });

  it("compiles each kernel once", async () => {
    // A shape no other suite reduces, so its kernel is new whatever ran before.
    const x = onGpu(() =>
      arrayFromHost(
        Array.from({ length: 3 * 37 }, (_, i) => i),
        [3, 37],
        "float32",
      ),
    );
    const before = gpu!.pipelineCount;
    await read(lax.reduceSum(x, [1]));
    const compiled = gpu!.pipelineCount;
    for (let i = 0; i < 3; i++) await read(lax.reduceSum(x, [1]));
    expect(compiled).toBe(before + 1);
    expect(gpu!.pipelineCount).toBe(compiled);
  });

  it("handles empty arrays and empty reductions", async () => {
    const empty = onGpu(() => arrayFromHost([], [0, 3], "float32"));
    expect(await read(lax.add(empty, empty))).toEqual([]);
    expect(await read(lax.reduceSum(empty, [0]))).toEqual([0, 0, 0]);
    expect(await read(lax.reduceMax(empty, [0]))).toEqual([-Infinity, -Infinity, -Infinity]);
    const a = onGpu(() => arrayFromHost([], [2, 0], "float32"));
    const b = onGpu(() => arrayFromHost([], [0, 2], "float32"));
    expect(
      await read(
        lax.dotGeneral(a, b, [
          [[1], [0]],
          [[], []],
        ]),
      ),
    ).toEqual([0, 0, 0, 0]);
  });

  it("runs kernels larger than one dispatch dimension (65535 workgroups)", async () => {
    const n = 5_000_000;
    await onDeviceAsync(gpu!, async () => {
      const x = lax.iota("int32", n);
      const sum = lax.reduceSum(lax.rem(x, lax.full([n], 7, "int32")), [0]);
      const values = await read(x);
      expect([values[0], values[n - 1]]).toEqual([0, n - 1]);
      // 0..6 repeated: whole cycles summing to 21 each, plus the tail 0..(n % 7 - 1).
      const tail = n % 7;
      expect((await read(sum))[0]).toBe(21 * Math.floor(n / 7) + (tail * (tail - 1)) / 2);
    });
  });

  it("computes float16 in float32 and rounds each result to float16, as the CPU does", async () => {
    if (!gpu!.hasF16) return;
    const values = [0.1, 1.7, -3.3, 1000.5, 60000, 2e-5];
    const run = (device: typeof cpuDevice | WebGpuDevice) =>
      onDevice(device, () => {
        const x = arrayFromHost(values, [values.length], "float16");
        return [
          lax.mul(x, x),
          lax.exp(lax.div(x, lax.full([values.length], 1000, "float16"))),
          lax.convertElementType(x, "float32"),
        ];
      });
    const want = run(cpuDevice).map((o) => Array.from((o as ArrayImpl).dataSync()));
    const got = await Promise.all(run(gpu!).map(read));
    expect(got[0]).toEqual(want[0]);
    expect(got[2]).toEqual(want[2]);
    // exp differs in its last float32 bits, so at most one float16 step apart (and inf where the CPU overflows).
    got[1]!.forEach((g, i) => {
      const w = want[1]![i]!;
      if (!Number.isFinite(w)) expect(g).toBe(w);
      else expect(Math.abs(g - w)).toBeLessThanOrEqual(2 ** -10 * Math.abs(w));
    });
  });

  it("renders readable WGSL: add of float32", () => {
    const aval = new ShapedArray([4], "float32");
    expect(gpu!.wgslFor(addP, [aval, aval], {}, [aval])).toMatchInlineSnapshot(`
      "// add
      @group(0) @binding(0) var<storage, read> in0: array<f32>;
      @group(0) @binding(1) var<storage, read> in1: array<f32>;
      @group(0) @binding(2) var<storage, read_write> out0: array<f32>;

      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
        let inv = gid.x + gid.y * (groups.x * 64u);
        if (inv >= arrayLength(&out0)) { return; }
        let v_x0 = in0[inv];
        let v_x1 = in1[inv];
        out0[inv] = (v_x0 + v_x1);
      }
      "
    `);
  });

  it("renders readable WGSL: select_n with a bool predicate", () => {
    const which = new ShapedArray([3], "bool");
    const c = new ShapedArray([3], "int32");
    expect(gpu!.wgslFor(selectNP, [which, c, c], {}, [c])).toMatchInlineSnapshot(`
      "// select_n
      @group(0) @binding(0) var<storage, read> in0: array<u32>;
      @group(0) @binding(1) var<storage, read> in1: array<i32>;
      @group(0) @binding(2) var<storage, read> in2: array<i32>;
      @group(0) @binding(3) var<storage, read_write> out0: array<i32>;

      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
        let inv = gid.x + gid.y * (groups.x * 64u);
        if (inv >= arrayLength(&out0)) { return; }
        let v_x0 = (in0[inv] != 0u);
        let v_x1 = in1[inv];
        let v_x2 = in2[inv];
        out0[inv] = select(v_x1, v_x2, v_x0);
      }
      "
    `);
  });
});
