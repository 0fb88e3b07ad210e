// Every optimizer, jitted, reaches the minimum of a parabola (optax's alias_test, with learning
// rates and step counts chosen per optimizer so the table runs in seconds).
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";

const jnp = jax.numpy;
const UNROLL = 25;
const TARGET = [1, -1, 1];

const objective = (p: JaxArray) => jnp.sum(jnp.square(jnp.subtract(p, jnp.array(TARGET, { dtype: p.dtype }))));

/** `lr0 * decay ** count`, computed on device. */
const decaying = (lr0: number, decay: number) => (count: JaxArray) => jnp.multiply(lr0, jnp.power(decay, count.astype("float32")));

type Row = [name: string, make: () => optax.GradientTransformation<unknown>, steps: number];

const TABLE: Row[] = [
  ["sgd (momentum)", () => optax.sgd(0.05, { momentum: 0.9 }), 200],
  ["sgd (nesterov)", () => optax.sgd(0.05, { momentum: 0.9, nesterov: true }), 100],
  ["noisySgd", () => optax.noisySgd(0.1, { eta: 1e-4 }), 100],
  // Sign-based steps oscillate by the learning rate around the minimum: a decaying schedule settles them.
  ["signSgd", () => optax.signSgd(decaying(0.3, 0.98)), 125],
  ["adam", () => optax.adam(0.5), 200],
  ["adamw", () => optax.adamw(0.5), 200],
  ["nadam", () => optax.nadam(0.5), 200],
  ["nadamw", () => optax.nadamw(0.5), 200],
  ["amsgrad", () => optax.amsgrad(0.5), 150],
  ["adamax", () => optax.adamax(0.5), 150],
  ["adamaxw", () => optax.adamaxw(0.5), 150],
  ["adagrad", () => optax.adagrad(3.0), 100],
  ["adadelta", () => optax.adadelta(30.0), 300],
  ["rmsprop (momentum)", () => optax.rmsprop(0.02, { momentum: 0.9 }), 250],
  ["rmsprop (centered)", () => optax.rmsprop(0.02, { centered: true, momentum: 0.9 }), 250],
  ["rmsprop (epsInSqrt false)", () => optax.rmsprop(0.02, { epsInSqrt: false, momentum: 0.9 }), 250],
  ["adabelief", () => optax.adabelief(0.5), 150],
  ["yogi", () => optax.yogi(0.2), 200],
  ["radam", () => optax.radam(0.5), 200],
  ["lamb", () => optax.lamb(decaying(0.05, 0.99)), 200],
  ["lars", () => optax.lars(4.0), 150],
  ["lion", () => optax.lion(decaying(0.3, 0.99), { weightDecay: 1e-4 }), 300],
  ["novograd", () => optax.novograd(0.1), 200],
  ["fromage", () => optax.fromage(0.02), 300],
  ["sm3", () => optax.sm3(3.0), 150],
  ["adafactor", () => optax.adafactor(0.3, { multiplyByParameterScale: false, momentum: 0.9 }), 150],
  ["rprop", () => optax.rprop(0.5), 100],
  ["polyakSgd", () => optax.polyakSgd({ maxLearningRate: 1 }), 100],
  ["optimisticGradientDescent", () => optax.optimisticGradientDescent(0.1), 100],
];

function minimize(opt: optax.GradientTransformation<unknown>, init: JaxArray, steps: number): JaxArray {
  // Several steps per jitted call: fewer dispatches, the same arithmetic.
  const run = jax.jit((params: JaxArray, state: unknown) => {
    for (let k = 0; k < UNROLL; k++) {
      const [value, grads] = jax.valueAndGrad(objective)(params) as [JaxArray, JaxArray];
      const [updates, next] = opt.update(grads, state, params, { value });
      params = optax.applyUpdates(params, updates);
      state = next;
    }
    return [params, state];
  });
  let params = init;
  let state = opt.init(params);
  for (let i = 0; i < steps / UNROLL; i++) [params, state] = run(params, state) as [JaxArray, unknown];
  return params;
}

function expectAtMinimum(params: JaxArray, dtype: DType): void {
  expect(params.dtype).toBe(dtype);
  const got = Array.from((params as ArrayImpl).dataSync(), Number);
  got.forEach((x, i) => expect(Math.abs(x - TARGET[i]!), `coordinate ${i}: ${x}`).toBeLessThanOrEqual(3e-2 + 3e-2 * Math.abs(TARGET[i]!)));
}

describe.each(["float32", "float64"] as const)("parabola, %s", (dtype) => {
  it.each(TABLE)("%s", (_name, make, steps) => {
    const params = minimize(make(), jnp.array([-1, 10, 1], { dtype }), steps);
    expectAtMinimum(params, dtype);
  });
});
