// For every optimizer: jitted steps keep the state's structure, shapes and dtypes (float32 and
// float64), updates have the gradients' dtype, injectHyperparams reproduces the optimizer, and
// MultiSteps emits nothing before its k-th mini-step.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { DType } from "../../src/dtypes.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const jnp = jax.numpy;
const { tree } = jax;

type Factory = (...args: never[]) => optax.GradientTransformation<unknown>;
type Row = [name: string, factory: Factory, args: unknown[]];

const ROWS: Row[] = [
  ["sgd", optax.sgd, [0.1, { momentum: 0.9 }]],
  ["noisySgd", optax.noisySgd, [0.1]],
  ["signSgd", optax.signSgd, [0.1]],
  ["adam", optax.adam, [0.1]],
  ["adamw", optax.adamw, [0.1]],
  ["nadam", optax.nadam, [0.1]],
  ["nadamw", optax.nadamw, [0.1]],
  ["amsgrad", optax.amsgrad, [0.1]],
  ["adamax", optax.adamax, [0.1]],
  ["adamaxw", optax.adamaxw, [0.1]],
  ["adagrad", optax.adagrad, [0.1]],
  ["adadelta", optax.adadelta, [0.1]],
  // Centered with bias correction would cancel to nu - mu^2 = 0 at the first step (ill-conditioned).
  ["rmsprop (centered)", optax.rmsprop, [0.1, { centered: true, momentum: 0.9 }]],
  ["rmsprop (bias corrected)", optax.rmsprop, [0.1, { biasCorrection: true, epsInSqrt: false }]],
  ["adabelief", optax.adabelief, [0.1]],
  ["yogi", optax.yogi, [0.1]],
  ["radam", optax.radam, [0.1]],
  ["lamb", optax.lamb, [0.1]],
  ["lars", optax.lars, [0.1]],
  ["lion", optax.lion, [0.1]],
  ["novograd", optax.novograd, [0.1]],
  ["fromage", optax.fromage, [0.1]],
  ["sm3", optax.sm3, [0.1]],
  ["adafactor", optax.adafactor, [0.1, { minDimSizeToFactor: 2, momentum: 0.9, weightDecayRate: 0.01 }]],
  ["rprop", optax.rprop, [0.1]],
  ["polyakSgd", optax.polyakSgd, []],
  ["optimisticGradientDescent", optax.optimisticGradientDescent, [0.1]],
];

const make = (factory: Factory, args: unknown[]) =>
  (factory as (...a: unknown[]) => optax.GradientTransformation<unknown>)(...args);
const objective = (p: { w: JaxArray; b: JaxArray }) =>
  jnp.add(jnp.sum(jnp.square(p.w)), jnp.sum(jnp.square(jnp.subtract(p.b, 1))));

function paramsOf(dtype: DType) {
  return {
    w: jnp.array(
      [
        [1, -2, 0.5],
        [0.25, 3, -1],
      ],
      { dtype },
    ),
    b: jnp.array([0.1, 0.2, 0.3], { dtype }),
  };
}

/** Structure plus each leaf's dtype and shape. */
function signature(t: unknown): string {
  const [leaves, def] = tree.flatten<JaxArray>(t);
  return `${tree.treedefString(def)} ${leaves.map((l) => `${l.dtype}[${l.shape.join(",")}]`).join(" ")}`;
}

describe.each(["float32", "float64"] as const)("%s", (dtype) => {
  it.each(ROWS)("%s keeps its state stable under jit", (_name, factory, args) => {
    const opt = make(factory, args);
    const step = jax.jit((params: ReturnType<typeof paramsOf>, state: unknown) => {
      const [value, grads] = jax.valueAndGrad(objective)(params) as [JaxArray, ReturnType<typeof paramsOf>];
      // Unknown extra arguments are ignored, as optax's optimizers do.
      const [updates, next] = opt.update(grads, state, params, { value, somethingElse: 1 });
      return [optax.applyUpdates(params, updates), next, updates];
    });
    let params = paramsOf(dtype);
    let state = opt.init(params);
    const initial = signature(state);
    for (let i = 0; i < 2; i++) {
      let updates: unknown;
      [params, state, updates] = step(params, state) as [ReturnType<typeof paramsOf>, unknown, unknown];
      expect(signature(state)).toBe(initial);
      expect(signature(updates)).toBe(signature(params));
    }
    expect(params.w.dtype).toBe(dtype);
  });
});

describe("every optimizer", () => {
  const params = [jnp.negative(jnp.ones([2, 3])), jnp.ones([2, 5, 2])];
  const grads = [jnp.ones([2, 3]), jnp.negative(jnp.ones([2, 5, 2]))];
  const extra = { value: jnp.asarray(1.5) };

  it.each(ROWS)("%s wrapped in injectHyperparams gives the same updates and inner state", async (_name, factory, args) => {
    const opt = make(factory, args);
    const injected = optax.injectHyperparams(factory)(...(args as never[]));
    const [u, s] = opt.update(grads, opt.init(params), params, extra);
    const [ui, si] = injected.update(grads, injected.init(params), params, extra);
    for (const [i, leaf] of tree.leaves<JaxArray>(u).entries()) {
      expectClose(await host(tree.leaves<JaxArray>(ui)[i]!), await host(leaf), 1e-6, 1e-4, `update ${i}`);
    }
    expect(signature(si.innerState)).toBe(signature(s));
    for (const [i, leaf] of tree.leaves<JaxArray>(s).entries()) {
      expectClose(await host(tree.leaves<JaxArray>(si.innerState)[i]!), await host(leaf), 1e-6, 1e-4, `state ${i}`);
    }
  });

  it.each(ROWS)("%s under MultiSteps emits zeros before the k-th mini-step", async (_name, factory, args) => {
    const opt = new optax.MultiSteps(make(factory, args), 4);
    const [u] = opt.update(grads, opt.init(params), params, extra);
    for (const leaf of tree.leaves<JaxArray>(u)) expect((await host(leaf)).every((x) => x === 0)).toBe(true);
  });
});
