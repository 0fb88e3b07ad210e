// jax-ts on its CPU backend.
import * as jax from "../src/index.js";
import type { HostArray, MlpParams } from "./inputs.js";
import type { Case, Suite, SuiteLoader } from "./suite.js";

const jnp = jax.numpy;
type Arr = jax.Array;
export type Params = { w1: Arr; b1: Arr; w2: Arr; b2: Arr };

/** A host array as a jax-ts array on the default device. */
export function upload(a: HostArray): Arr {
  return jnp.array(a.data).reshape(a.shape);
}

function chain(x: Arr): Arr {
  const squashed = jnp.tanh(jnp.add(jnp.multiply(x, 1.5), 0.5));
  const bump = jnp.exp(jnp.negative(jnp.multiply(x, x)));
  return jnp.add(jnp.multiply(squashed, bump), jnp.sin(x));
}

/** Mean softmax cross-entropy of a two-layer ReLU network; also works on one unbatched example. */
function mlpLoss(p: Params, x: Arr, y: Arr): Arr {
  const h = jax.nn.relu(jnp.add(jnp.matmul(x, p.w1), p.b1));
  const logits = jnp.add(jnp.matmul(h, p.w2), p.b2);
  return jnp.negative(jnp.mean(jnp.sum(jnp.multiply(jax.nn.logSoftmax(logits), y), -1)));
}

/**
 * Reads a concrete array's values. `jax.Array`'s public type does not declare `data()` yet (only
 * concrete arrays have it at run time), hence the narrowing here.
 */
function hostData(x: Arr): Promise<ArrayLike<number>> {
  return (x as unknown as { data(): Promise<ArrayLike<number>> }).data();
}

/** A case that evaluates `f` and reads back every array leaf of its result. */
function readAll(f: () => unknown): Case {
  return {
    run: async () => {
      const leaves = jax.tree.leaves<Arr>(f());
      return Promise.all(leaves.map(hostData));
    },
  };
}

export function uploadParams(p: MlpParams): Params {
  return { w1: upload(p.w1), b1: upload(p.b1), w2: upload(p.w2), b2: upload(p.b2) };
}

export const jaxTs: SuiteLoader = {
  name: "jax-ts",
  load: (inputs): Promise<Suite> => {
    const x = upload(inputs.elementwise);
    const s = upload(inputs.sum);
    const mats = [...inputs.matmul].map(([n, [a, b]]) => [n, upload(a), upload(b)] as const);
    const params = uploadParams(inputs.mlp.params);
    const mx = upload(inputs.mlp.x);
    const my = upload(inputs.mlp.y);
    const px = upload(inputs.perExample.x);
    const py = upload(inputs.perExample.y);

    const chainJit = jax.jit(chain);
    const lossAndGrad = jax.jit(jax.valueAndGrad(mlpLoss));
    const perExampleGrads = jax.jit(jax.vmap(jax.grad(mlpLoss), { inAxes: [null, 0, 0] }));
    const cases: Suite["cases"] = {
      "elementwise-eager": readAll(() => chain(x)),
      "elementwise-jit": readAll(() => chainJit(x)),
      sum: readAll(() => jnp.sum(s)),
      "mlp-grad": readAll(() => lossAndGrad(params, mx, my)),
      "per-example-grads": readAll(() => perExampleGrads(params, px, py)),
    };
    for (const [n, a, b] of mats) cases[n === 256 ? "matmul-256" : "matmul-512"] = readAll(() => jnp.matmul(a, b));
    return Promise.resolve({
      name: "jax-ts",
      description: `jax-ts (this repository), backend "${jax.defaultBackend()}"`,
      cases,
    });
  },
};
