// The primitive spec table on WebGPU against the CPU backend: every spec whose primitives all
// have WebGPU kernels runs on both devices with the same inputs. float32 agrees to 1e-5 relative
// (1e-4 for transcendental functions, reductions and contractions); integers and bools exactly.
import { beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { ArrayImpl } from "../../src/array.js";
import { isFloat } from "../../src/dtypes.js";
import { UnsupportedError } from "../../src/errors.js";
import { allPrimitives } from "../../src/primitives/primitive.js";
import { loweredPrimitives } from "../../src/lowering/table.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { allSpecs } from "../specs/index.js";
import type { PrimitiveSpec } from "../specs/spec.js";
import { makeInputs } from "../util/inputs.js";
import { expectClose } from "../util/close.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

/** Primitives whose results are approximations on both backends: compared to 1e-4. */
const LOOSE = new Set([
  "exp",
  "exp2",
  "log",
  "log1p",
  "expm1",
  "tanh",
  "logistic",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "asinh",
  "acosh",
  "atanh",
  "cbrt",
  "pow",
  "atan2",
  "erf",
  "erfc",
  "erf_inv",
  "lgamma",
  "digamma",
  "polygamma",
  "integer_pow",
  "rem",
  "reduce_sum",
  "reduce_prod",
  "cumsum",
  "cumprod",
  "cumlogsumexp",
  "dot_general",
  "conv_general_dilated",
  "reduce_window_sum",
]);

/**
 * Primitives without a WebGPU kernel yet. The last test checks this list against the registry, so
 * a new lowering (or a new primitive) updates it.
 */
const NOT_LOWERED: string[] = [];

/**
 * Primitives that read a predicate on the host while they run (eager control flow). WebGPU reads
 * back asynchronously only, so they fail with an error that says to use `await x.data()`.
 */
const NEEDS_SYNC_READ = ["cond", "while"];

const SEEDS = [1, 2];

let gpu: WebGpuDevice | null = null;
const notRun = new Map<string, string>();

function outputs(out: JaxArray | JaxArray[]): JaxArray[] {
  return Array.isArray(out) ? out : [out];
}

function usesFloat64(spec: PrimitiveSpec): boolean {
  return spec.args.some((a) => a.dtype === "float64");
}

async function compare(spec: PrimitiveSpec, seed: number): Promise<void> {
  const cpuOuts = onDevice(cpuDevice, () => outputs(spec.fn(...makeInputs(spec.args, seed).arrays)));
  if (cpuOuts.some((o) => o.dtype === "float64")) {
    // A float64 result (a preferred element type, a bitcast) cannot live on WebGPU: a clear error.
    expect(() => onDevice(gpu!, () => spec.fn(...makeInputs(spec.args, seed).arrays))).toThrow(
      /float64 is not supported on WebGPU/,
    );
    return;
  }
  const gpuOuts = onDevice(gpu!, () => outputs(spec.fn(...makeInputs(spec.args, seed).arrays)));
  expect(gpuOuts.length).toBe(cpuOuts.length);
  for (const [k, c] of cpuOuts.entries()) {
    const g = gpuOuts[k]! as ArrayImpl;
    const label = `${spec.name} seed ${seed} output ${k}`;
    expect(g.device, label).toBe(gpu);
    expect([g.shape, g.dtype], label).toEqual([c.shape, c.dtype]);
    const want = (c as ArrayImpl).dataSync();
    const got = await g.data();
    if (!isFloat(c.dtype)) {
      expect(Array.from(got), label).toEqual(Array.from(want));
    } else {
      const tol = LOOSE.has(spec.prim) ? 1e-4 : 1e-5;
      expectClose(got, want, tol, tol, label);
    }
  }
}

describe.skipIf(skipWebGpu)("primitive specs: WebGPU against CPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  for (const spec of allSpecs) {
    if (usesFloat64(spec)) continue;
    it(spec.name, async () => {
      for (const seed of SEEDS) {
        try {
          await compare(spec, seed);
        } catch (e) {
          if (e instanceof UnsupportedError && /no WebGPU kernel/.test(e.message)) {
            notRun.set(spec.name, e.message.split(":")[0]!);
            return;
          }
          if (e instanceof UnsupportedError && /read asynchronously/.test(e.message)) {
            expect(NEEDS_SYNC_READ, `${spec.name} reads synchronously`).toContain(spec.prim);
            return;
          }
          throw e;
        }
      }
    });
  }

  it("every spec ran unless one of its primitives is listed as not lowered", () => {
    for (const [spec, prim] of notRun) expect(NOT_LOWERED, `${spec} needs ${prim}`).toContain(prim);
  });

  it("lists the primitives that have no WebGPU kernel yet", () => {
    const lowered = new Set(loweredPrimitives());
    // Higher-order primitives evaluate by binding others, so they never reach a device.
    const missing = allPrimitives()
      .filter((p) => !p.evalRule && !lowered.has(p.name))
      .map((p) => p.name)
      .sort();
    expect(missing).toEqual(NOT_LOWERED);
  });
});
