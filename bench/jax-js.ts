// jax-js (@jax-js/jax), another JAX for JavaScript. Its default device is "wasm" (compiled
// WebAssembly kernels); "cpu" is its interpreted-JavaScript device. Arrays are reference counted:
// every function consumes its array arguments, so inputs kept across runs are passed as `x.ref`.
import type { HostArray } from "./inputs.js";
import type { Case, Suite, SuiteLoader } from "./suite.js";
import { packageVersion } from "./versions.js";

type JaxJs = typeof import("@jax-js/jax");
type Arr = import("@jax-js/jax").Array;
type JsTree = import("@jax-js/jax").JsTree<Arr>;
type Params = { w1: Arr; b1: Arr; w2: Arr; b2: Arr };

/** A case whose outputs are read back; `data()` also releases each output. */
function readAll(jj: JaxJs, f: () => unknown): Case {
  return {
    run: async () => {
      const leaves = jj.tree.leaves<Arr>(f() as JsTree);
      // DataArray mentions Float16Array, which this TypeScript lib lacks; the values are numbers.
      return Promise.all(leaves.map((leaf) => leaf.data() as Promise<unknown> as Promise<ArrayLike<number>>));
    },
  };
}

export function jaxJs(device: "wasm" | "cpu"): SuiteLoader {
  const name = `jax-js-${device}`;
  return {
    name,
    load: async (inputs): Promise<Suite> => {
      const jj: JaxJs = await import("@jax-js/jax");
      // Name the device: a bare init() probes WebGPU through `navigator`, which Node lacks.
      const found = await jj.init(device);
      if (!found.includes(device))
        throw new Error(`jax-js has no "${device}" device here (found: ${found.join(", ") || "none"})`);
      jj.defaultDevice(device);
      const { numpy: np, nn } = jj;
      const upload = (a: HostArray) => np.array(a.data, { shape: a.shape, device });

      // Each input is used exactly once per call, so ownership passes straight through.
      const chain = (x: Arr): Arr => {
        const squashed = np.tanh(x.ref.mul(1.5).add(0.5));
        const bump = np.exp(np.negative(x.ref.mul(x.ref)));
        return squashed.mul(bump).add(np.sin(x));
      };
      const mlpLoss = (p: Params, x: Arr, y: Arr): Arr => {
        const h = nn.relu(np.matmul(x, p.w1).add(p.b1));
        const logits = np.matmul(h, p.w2).add(p.b2);
        return np.negative(np.mean(np.sum(nn.logSoftmax(logits).mul(y), -1)));
      };

      const x = upload(inputs.elementwise);
      const s = upload(inputs.sum);
      const p = inputs.mlp.params;
      const params: Params = { w1: upload(p.w1), b1: upload(p.b1), w2: upload(p.w2), b2: upload(p.b2) };
      const paramsRef = (): Params => ({ w1: params.w1.ref, b1: params.b1.ref, w2: params.w2.ref, b2: params.b2.ref });
      const [mx, my, px, py] = [inputs.mlp.x, inputs.mlp.y, inputs.perExample.x, inputs.perExample.y].map(upload) as [
        Arr,
        Arr,
        Arr,
        Arr,
      ];
      const kept: Arr[] = [x, s, params.w1, params.b1, params.w2, params.b2, mx, my, px, py];

      const chainJit = jj.jit(chain);
      const lossAndGrad = jj.jit(jj.valueAndGrad(mlpLoss));
      const perExampleGrads = jj.jit(jj.vmap(jj.grad(mlpLoss), [null, 0, 0]));
      const cases: Suite["cases"] = {
        "elementwise-eager": readAll(jj, () => chain(x.ref)),
        "elementwise-jit": readAll(jj, () => chainJit(x.ref)),
        sum: readAll(jj, () => np.sum(s.ref)),
        "mlp-grad": readAll(jj, () => lossAndGrad(paramsRef(), mx.ref, my.ref)),
        "per-example-grads": readAll(jj, () => perExampleGrads(paramsRef(), px.ref, py.ref)),
      };
      for (const [n, [a, b]] of inputs.matmul) {
        const ja = upload(a);
        const jb = upload(b);
        kept.push(ja, jb);
        cases[n === 256 ? "matmul-256" : "matmul-512"] = readAll(jj, () => np.matmul(ja.ref, jb.ref));
      }
      return {
        name,
        description: `jax-js (@jax-js/jax ${packageVersion("@jax-js/jax")}), device "${device}"${device === "cpu" ? " (interpreted JS)" : " (WebAssembly)"}`,
        cases,
        dispose: () => {
          for (const a of kept) a.dispose();
          for (const f of [chainJit, lossAndGrad, perExampleGrads]) f.dispose();
        },
      };
    },
  };
}
