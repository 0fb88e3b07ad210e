// TensorFlow.js with its pure-JavaScript "cpu" backend (not tfjs-node, which wraps native
// TensorFlow): the closest peer to a JavaScript CPU backend.
import type { HostArray } from "./inputs.js";
import type { Case, Suite, SuiteLoader } from "./suite.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;

/** A case that builds its outputs inside `tidy` (freeing intermediates), reads them, then frees them. */
function readAll(tf: Tf, f: () => Tensor[]): Case {
  return {
    run: async () => {
      const outs = tf.tidy(f);
      const data = await Promise.all(outs.map((t) => t.data()));
      tf.dispose(outs);
      return data;
    },
  };
}

/** tfjs prints a console banner recommending tfjs-node the first time it sees Node; keep the table clean. */
export async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await f();
  } finally {
    console.warn = warn;
  }
}

export const tfjs: SuiteLoader = {
  name: "tfjs-cpu",
  load: async (inputs): Promise<Suite> => {
    const tf: Tf = await import("@tensorflow/tfjs");
    await quietly(async () => {
      if (!(await tf.setBackend("cpu"))) throw new Error('tf.setBackend("cpu") failed');
      await tf.ready();
      tf.tidy(() => tf.add(tf.ones([1]), 1)); // the first op triggers the banner
    });
    const upload = (a: HostArray) => tf.tensor(a.data, a.shape, "float32");
    const x = upload(inputs.elementwise);
    const s = upload(inputs.sum);
    const { params, x: mx, y: my } = inputs.mlp;
    const weights = [params.w1, params.b1, params.w2, params.b2].map(upload);
    const bx = upload(mx);
    const by = upload(my);
    const kept: Tensor[] = [x, s, ...weights, bx, by];

    const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
      const h = tf.relu(tf.add(tf.matMul(bx, w1), b1));
      const logits = tf.add(tf.matMul(h, w2), b2);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), by), -1)));
    };
    const lossAndGrads = tf.valueAndGrads(
      (...ws: Tensor[]) => loss(ws[0]!, ws[1]!, ws[2]!, ws[3]!) as import("@tensorflow/tfjs").Scalar,
    );

    const cases: Suite["cases"] = {
      "elementwise-eager": readAll(tf, () => [
        tf.add(tf.mul(tf.tanh(tf.add(tf.mul(x, 1.5), 0.5)), tf.exp(tf.neg(tf.mul(x, x)))), tf.sin(x)),
      ]),
      "elementwise-jit": { unsupported: "no jit" },
      sum: readAll(tf, () => [tf.sum(s)]),
      "mlp-grad": readAll(tf, () => {
        const { value, grads } = lossAndGrads(weights);
        return [value, ...grads];
      }),
      "per-example-grads": { unsupported: "no vmap" },
    };
    for (const [n, [a, b]] of inputs.matmul) {
      const ta = upload(a);
      const tb = upload(b);
      kept.push(ta, tb);
      cases[n === 256 ? "matmul-256" : "matmul-512"] = readAll(tf, () => [tf.matMul(ta, tb)]);
    }
    return {
      name: "tfjs-cpu",
      description: `TensorFlow.js ${tf.version.tfjs}, backend "${tf.getBackend()}" (pure JS)`,
      cases,
      dispose: () => tf.dispose(kept),
    };
  },
};
