// A jitted training step of a small MLP (forward, grad by linearize + transpose, SGD update) on
// WebGPU against the same step on the CPU: same losses and parameters after a few steps.
import { beforeAll, describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { numpy as jnp, nn } from "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { rng } from "../util/inputs.js";
import { expectClose } from "../util/close.js";
import { cpuDevice, onDeviceAsync, openWebGpu, skipWebGpu } from "./webgpu-env.js";

interface Params {
  w1: JaxArray;
  b1: JaxArray;
  w2: JaxArray;
  b2: JaxArray;
}

const [IN, HIDDEN, OUT, BATCH] = [8, 16, 3, 32];

function randomValues(n: number, seed: number, scale: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

function makeData(): { params: Params; x: JaxArray; y: JaxArray } {
  const array = (shape: number[], seed: number, scale: number) =>
    arrayFromHost(
      randomValues(
        shape.reduce((a, b) => a * b, 1),
        seed,
        scale,
      ),
      shape,
      "float32",
    );
  return {
    params: {
      w1: array([IN, HIDDEN], 1, 0.5),
      b1: array([HIDDEN], 2, 0.1),
      w2: array([HIDDEN, OUT], 3, 0.5),
      b2: array([OUT], 4, 0.1),
    },
    x: array([BATCH, IN], 5, 1),
    y: array([BATCH, OUT], 6, 1),
  };
}

function loss(params: Params, x: JaxArray, y: JaxArray): JaxArray {
  const hidden = nn.relu(jnp.add(jnp.matmul(x, params.w1), params.b1));
  const out = jnp.add(jnp.matmul(hidden, params.w2), params.b2);
  return jnp.mean(jnp.square(jnp.subtract(out, y)));
}

function makeStep() {
  return jax.jit((params: Params, x: JaxArray, y: JaxArray) => {
    const [value, grads] = jax.valueAndGrad(loss)(params, x, y) as [JaxArray, Params];
    const update = (p: JaxArray, g: JaxArray) => jnp.subtract(p, jnp.multiply(g, 0.1));
    const next: Params = {
      w1: update(params.w1, grads.w1),
      b1: update(params.b1, grads.b1),
      w2: update(params.w2, grads.w2),
      b2: update(params.b2, grads.b2),
    };
    return [value, next];
  });
}

let gpu: WebGpuDevice | null = null;

/** Runs `steps` jitted steps on `device`; the losses and final parameters as host values. */
async function train(
  device: typeof cpuDevice | WebGpuDevice,
  steps: number,
): Promise<{ losses: number[]; params: Record<string, number[]> }> {
  // One jitted function per device: jit's staged constants live on the device it traced on.
  const step = makeStep();
  const losses: number[] = [];
  const params = await onDeviceAsync(device, async () => {
    const data = makeData();
    let p = data.params;
    for (let i = 0; i < steps; i++) {
      const [value, next] = step(p, data.x, data.y) as [JaxArray, Params];
      expect((value as ArrayImpl).device).toBe(device);
      losses.push((await (value as ArrayImpl).data())[0]!);
      p = next;
    }
    return p;
  });
  const host: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(params)) host[k] = Array.from(await (v as ArrayImpl).data());
  return { losses, params: host };
}

describe.skipIf(skipWebGpu)("jit on WebGPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  it("a jitted MLP training step matches the CPU step for step", async () => {
    const cpu = await train(cpuDevice, 5);
    const web = await train(gpu!, 5);
    expectClose(web.losses, cpu.losses, 1e-5, 1e-4, "losses");
    expect(cpu.losses[4]!).toBeLessThan(cpu.losses[0]!);
    for (const k of Object.keys(cpu.params)) expectClose(web.params[k]!, cpu.params[k]!, 1e-5, 1e-4, k);
  });
});
