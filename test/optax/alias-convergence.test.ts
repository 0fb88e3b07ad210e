// Every optimizer, jitted, reaches the minimum of a parabola and of Rosenbrock's function, as in
// optax's alias_test. Learning rates and step counts are chosen per optimizer and target so the
// table runs in seconds instead of optax's 10000 steps each; float64 runs of every optimizer are
// in state-stability.test.ts, their update equations in transform-reference.test.ts.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { DType } from "../../src/dtypes.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";
import { values } from "../util/read.js";

const jnp = jax.numpy;
const UNROLL = 25;

/** `lr0 * decay ** count`, computed on device. */
const decaying = (lr0: number, decay: number) => (count: JaxArray) =>
  jnp.multiply(lr0, jnp.power(decay, count.astype("float32")));

type Row = [name: string, make: () => optax.GradientTransformation<unknown>, steps: number];

const PARABOLA_MIN = [1, -1, 1];
const parabola = (p: JaxArray) => jnp.sum(jnp.square(jnp.subtract(p, jnp.array(PARABOLA_MIN, { dtype: p.dtype }))));

function rosenbrock(p: JaxArray): JaxArray {
  const [x, y] = p;
  return jnp.add(jnp.square(jnp.subtract(1, x!)), jnp.multiply(100, jnp.square(jnp.subtract(y!, jnp.square(x!)))));
}

const PARABOLA: Row[] = [
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

// signSgd is left out, as in optax: without a schedule it cannot follow the curved valley.
const ROSENBROCK: Row[] = [
  ["sgd (momentum)", () => optax.sgd(2e-3, { momentum: 0.9 }), 375],
  ["sgd (nesterov)", () => optax.sgd(1e-3, { momentum: 0.9, nesterov: true }), 675],
  // Plain gradient descent (as noisySgd and optimistic descent are) needs thousands of steps here.
  ["noisySgd", () => optax.noisySgd(1.9e-3, { eta: 1e-4 }), 3400],
  ["adam", () => optax.adam(0.05), 250],
  ["adamw", () => optax.adamw(0.1), 250],
  ["nadam", () => optax.nadam(1e-2), 375],
  ["nadamw", () => optax.nadamw(1e-2), 375],
  ["amsgrad", () => optax.amsgrad(0.1), 425],
  ["adamax", () => optax.adamax(0.1), 300],
  ["adamaxw", () => optax.adamaxw(0.1), 375],
  ["adagrad", () => optax.adagrad(0.1), 2500],
  ["adadelta", () => optax.adadelta(0.5, { rho: 0.5, eps: 1e-8 }), 2400],
  ["rmsprop (momentum)", () => optax.rmsprop(5e-3, { momentum: 0.9 }), 150],
  ["rmsprop (centered)", () => optax.rmsprop(5e-3, { centered: true, momentum: 0.9 }), 150],
  ["rmsprop (epsInSqrt false)", () => optax.rmsprop(5e-3, { epsInSqrt: false, momentum: 0.9 }), 150],
  ["adabelief", () => optax.adabelief(1e-2), 250],
  ["yogi", () => optax.yogi(0.1), 250],
  ["radam", () => optax.radam(2e-2), 475],
  ["lamb", () => optax.lamb(5e-3), 1400],
  ["lars", () => optax.lars(1.0), 650],
  ["lion", () => optax.lion(1e-2, { weightDecay: 1e-4 }), 775],
  ["novograd", () => optax.novograd(1e-3), 300],
  ["fromage", () => optax.fromage(0.02), 1900],
  ["sm3", () => optax.sm3(1.0), 475],
  ["adafactor", () => optax.adafactor(0.02, { multiplyByParameterScale: false, momentum: 0.9 }), 200],
  ["rprop", () => optax.rprop(0.5), 75],
  ["polyakSgd", () => optax.polyakSgd({ maxLearningRate: 1 }), 300],
  ["optimisticGradientDescent", () => optax.optimisticGradientDescent(1.9e-3, { alpha: 0.95, beta: 0.05 }), 3600],
];

function minimize(
  objective: (p: JaxArray) => JaxArray,
  opt: optax.GradientTransformation<unknown>,
  init: JaxArray,
  steps: number,
): JaxArray {
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
  for (let i = 0; i < Math.ceil(steps / UNROLL); i++) [params, state] = run(params, state) as [JaxArray, unknown];
  return params;
}

/** optax's check: |x - x*| <= atol + rtol |x*| with both tolerances 3e-2. */
async function expectAt(params: JaxArray, minimum: number[], dtype: DType): Promise<void> {
  expect(params.dtype).toBe(dtype);
  const got = await values(params);
  got.forEach((x, i) =>
    expect(Math.abs(x - minimum[i]!), `coordinate ${i}: ${x}`).toBeLessThanOrEqual(3e-2 + 3e-2 * Math.abs(minimum[i]!)),
  );
}

describe("parabola", () => {
  it.each(PARABOLA)("%s", async (_name, make, steps) => {
    await expectAt(minimize(parabola, make(), jnp.array([-1, 10, 1], { dtype: "float32" }), steps), PARABOLA_MIN, "float32");
  });
});

describe("rosenbrock from (0, 0)", () => {
  it.each(ROSENBROCK)("%s", async (_name, make, steps) => {
    await expectAt(minimize(rosenbrock, make(), jnp.zeros([2]), steps), [1, 1], "float32");
  });
});
