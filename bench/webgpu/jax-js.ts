// jax-js (@jax-js/jax) on its "webgpu" device, through the Dawn GPU that setup.ts put on
// `navigator`. Arrays are reference counted: every function consumes its array arguments, so an
// array used again later is passed as `x.ref` (inside jit as well as outside).
import type { HostArray } from "../inputs.js";
import { packageVersion } from "../versions.js";
import { ADAM, TINY } from "../workloads.js";
import { gpuCase, type GpuSuite, type GpuSuiteLoader, type Pending } from "./suite.js";

type JaxJs = typeof import("@jax-js/jax");
type Arr = import("@jax-js/jax").Array;
type JsTree = import("@jax-js/jax").JsTree<Arr>;
type Params = { w1: Arr; b1: Arr; w2: Arr; b2: Arr };
type AdamState = { count: Arr; mu: Params; nu: Params };
const KEYS = ["w1", "b1", "w2", "b2"] as const;

function refs(p: Params): Params {
  return { w1: p.w1.ref, b1: p.b1.ref, w2: p.w2.ref, b2: p.b2.ref };
}

export const jaxJsWebGpu: GpuSuiteLoader = {
  name: "jax-js-webgpu",
  load: async (inputs): Promise<GpuSuite> => {
    const jj: JaxJs = await import("@jax-js/jax");
    const found = await jj.init("webgpu");
    if (!found.includes("webgpu"))
      throw new Error(`jax-js found no "webgpu" device (found: ${found.join(", ") || "none"})`);
    jj.defaultDevice("webgpu");
    const { numpy: np, nn } = jj;
    const upload = (a: HostArray) => np.array(a.data, { shape: a.shape, device: "webgpu" });
    /** Reads every leaf of `out` (`data()` also releases each one), or waits for them and releases them. */
    const pending = (out: unknown): Pending => ({
      read: () =>
        Promise.all(
          // DataArray mentions Float16Array, which this TypeScript lib lacks; the values are numbers.
          jj.tree.leaves<Arr>(out as JsTree).map((l) => l.data() as Promise<unknown> as Promise<ArrayLike<number>>),
        ),
      settle: async () => {
        await jj.blockUntilReady(out as JsTree);
        jj.tree.dispose(out as JsTree);
      },
    });

    const chain = (x: Arr): Arr => np.tanh(x.ref.mul(2).add(1)).mul(x);
    const mlpLoss = (p: Params, x: Arr, y: Arr): Arr => {
      const h = nn.relu(np.matmul(x, p.w1).add(p.b1));
      const logits = np.matmul(h, p.w2).add(p.b2);
      return np.negative(np.mean(np.sum(nn.logSoftmax(logits).mul(y), -1)));
    };
    // jax-js has no optimizer library in this package: Adam written out as optax computes it,
    // update = -lr * mu_hat / (sqrt(nu_hat) + eps), with the bias corrections 1 - b^count.
    const { learningRate: lr, b1, b2, eps } = ADAM;
    const step = (p: Params, s: AdamState, x: Arr, y: Arr): JsTree => {
      const [loss, grads] = jj.valueAndGrad(mlpLoss)(refs(p), x, y) as [Arr, Params];
      const count = s.count.add(1);
      const c1 = np.negative(np.exp(count.ref.mul(Math.log(b1)))).add(1);
      const c2 = np.negative(np.exp(count.ref.mul(Math.log(b2)))).add(1);
      const next: Params = { ...p };
      const mu: Params = { ...s.mu };
      const nu: Params = { ...s.nu };
      for (const k of KEYS) {
        const g = grads[k];
        mu[k] = s.mu[k].mul(b1).add(g.ref.mul(1 - b1));
        nu[k] = s.nu[k].mul(b2).add(g.ref.mul(g).mul(1 - b2));
        const muHat = mu[k].ref.div(c1.ref);
        const nuHat = nu[k].ref.div(c2.ref);
        next[k] = p[k].sub(muHat.div(np.sqrt(nuHat).add(eps)).mul(lr));
      }
      c1.dispose();
      c2.dispose();
      return [next, { count, mu, nu }, loss];
    };

    const x = upload(inputs.chain);
    const [a, b] = inputs.matmul.map(upload) as [Arr, Arr];
    const pp = inputs.mlp.params;
    const params: Params = { w1: upload(pp.w1), b1: upload(pp.b1), w2: upload(pp.w2), b2: upload(pp.b2) };
    const zeros = (): Params => ({
      w1: np.zeros(pp.w1.shape),
      b1: np.zeros(pp.b1.shape),
      w2: np.zeros(pp.w2.shape),
      b2: np.zeros(pp.b2.shape),
    });
    const state: AdamState = { count: np.zeros([]), mu: zeros(), nu: zeros() };
    const mx = upload(inputs.mlp.x);
    const my = upload(inputs.mlp.y);
    const tiny = upload(inputs.tiny);
    const kept: Arr[] = [
      x,
      a,
      b,
      mx,
      my,
      tiny,
      state.count,
      ...KEYS.flatMap((k) => [params[k], state.mu[k], state.nu[k]]),
    ];

    const chainJit = jj.jit(chain);
    const stepJit = jj.jit(step);
    const plusOne = jj.jit((t: Arr) => t.add(1));
    return {
      name: "jax-js-webgpu",
      description: `jax-js (@jax-js/jax ${packageVersion("@jax-js/jax")}), device "webgpu"`,
      settles: true,
      cases: {
        "gpu-chain-eager": gpuCase(() => pending(chain(x.ref))),
        "gpu-chain-jit": gpuCase(() => pending(chainJit(x.ref))),
        "matmul-1024": gpuCase(() => pending(np.matmul(a.ref, b.ref))),
        "mlp-adam-step": gpuCase(() =>
          pending(
            stepJit(refs(params), { count: state.count.ref, mu: refs(state.mu), nu: refs(state.nu) }, mx.ref, my.ref),
          ),
        ),
        "jit-call-overhead": gpuCase(() => {
          let t = tiny.ref;
          for (let i = 0; i < TINY.calls; i++) t = plusOne(t);
          return pending(t);
        }),
      },
      dispose: () => {
        for (const arr of kept) arr.dispose();
        for (const f of [chainJit, stepJit, plusOne]) f.dispose();
      },
    };
  },
};
