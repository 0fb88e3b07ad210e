// jax-ts on its WebGPU device: `jax.init()` registers the device; arrays live on it.
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import * as jax from "../../src/index.js";
import * as optax from "../../src/optax/index.js";
import { upload, uploadParams, type Params } from "../ours.js";
import { ADAM, TINY } from "../workloads.js";
import { latestQueueDone } from "./counters.js";
import { gpuCase, type GpuSuite, type GpuSuiteLoader, type Pending } from "./suite.js";

const jnp = jax.numpy;
type Arr = jax.Array;
export function chain(x: Arr): Arr {
  return jnp.multiply(jnp.tanh(jnp.add(jnp.multiply(x, 2), 1)), x);
}

/** Mean softmax cross-entropy of a two-layer ReLU network (as in the CPU bench). */
export function mlpLoss(p: Params, x: Arr, y: Arr): Arr {
  const h = jax.nn.relu(jnp.add(jnp.matmul(x, p.w1), p.b1));
  const logits = jnp.add(jnp.matmul(h, p.w2), p.b2);
  return jnp.negative(jnp.mean(jnp.sum(jnp.multiply(jax.nn.logSoftmax(logits), y), -1)));
}

/** One training step: `valueAndGrad` of the loss, optax's Adam update, the new parameters. */
export function makeTrainStep() {
  const optimizer = optax.adam(ADAM.learningRate, { b1: ADAM.b1, b2: ADAM.b2, eps: ADAM.eps });
  type OptState = optax.StateOf<typeof optimizer>;
  const step = (params: Params, state: OptState, x: Arr, y: Arr): [Params, OptState, Arr] => {
    const [loss, grads] = jax.valueAndGrad(mlpLoss)(params, x, y) as [Arr, Params];
    const [updates, next] = optimizer.update(grads, state, params);
    return [optax.applyUpdates(params, updates), next, loss];
  };
  return { optimizer, step: jax.jit(step) as typeof step };
}

function hostData(x: Arr): Promise<ArrayLike<number>> {
  return (x as unknown as { data(): Promise<ArrayLike<number>> }).data();
}

/** Reads every array leaf of `out`; settling waits for the queue jax-ts submitted to. */
function pending(out: unknown): Pending {
  return { read: () => Promise.all(jax.tree.leaves<Arr>(out).map(hostData)), settle: latestQueueDone };
}

/** Starts jax-ts's WebGPU device; throws when there is none. */
export async function initWebGpu(): Promise<WebGpuDevice> {
  const probe = await jax.init({ quiet: true });
  if (!probe.available) throw new Error(`jax.init() found no WebGPU: ${probe.reason}`);
  jax.setDefaultDevice("webgpu");
  return jax.defaultDevice() as unknown as WebGpuDevice;
}

export const jaxTsWebGpu: GpuSuiteLoader = {
  name: "jax-ts",
  load: async (inputs): Promise<GpuSuite> => {
    const device = await initWebGpu();
    const x = upload(inputs.chain);
    const [a, b] = inputs.matmul.map(upload) as [Arr, Arr];
    const params = uploadParams(inputs.mlp.params);
    const mx = upload(inputs.mlp.x);
    const my = upload(inputs.mlp.y);
    const tiny = upload(inputs.tiny);

    const chainJit = jax.jit(chain);
    const { optimizer, step } = makeTrainStep();
    // Every timed step starts from the same parameters and optimizer state, so each framework's
    // last result can be checked against the others whatever the number of runs.
    const state = optimizer.init(params);
    const plusOne = jax.jit((t: Arr) => jnp.add(t, 1)) as (t: Arr) => Arr;
    return {
      name: "jax-ts",
      description: `jax-ts (this repository), ${device.toString()}`,
      settles: true,
      cases: {
        "gpu-chain-eager": gpuCase(() => pending(chain(x))),
        "gpu-chain-jit": gpuCase(() => pending(chainJit(x))),
        "matmul-1024": gpuCase(() => pending(jnp.matmul(a, b))),
        "mlp-adam-step": gpuCase(() => pending(step(params, state, mx, my))),
        "jit-call-overhead": gpuCase(() => {
          let t = tiny;
          for (let i = 0; i < TINY.calls; i++) t = plusOne(t);
          return pending(t);
        }),
      },
      ownCounters: () => device.counters,
    };
  },
};
