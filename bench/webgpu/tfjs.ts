// TensorFlow.js on its "webgpu" backend, which lives in a package of its own,
// @tensorflow/tfjs-backend-webgpu (not a dependency of @tensorflow/tfjs). When that package is not
// installed the peer is reported as unavailable; nothing is installed on the fly.
import { createRequire } from "node:module";
import type { HostArray } from "../inputs.js";
import { quietly } from "../tfjs.js";
import { packageVersion } from "../versions.js";
import { ADAM, TINY } from "../workloads.js";
import { gpuCase, type GpuSuite, type GpuSuiteLoader, type Pending } from "./suite.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;

export const TFJS_WEBGPU_PACKAGE = "@tensorflow/tfjs-backend-webgpu";

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The cases on tfjs backend `backend`, already registered. tfjs has no jit: the jitted chain is
 * n/a and the call-overhead row times the eager `tf.add` instead.
 */
export async function tfjsGpuSuite(backend: string, inputs: Parameters<GpuSuiteLoader["load"]>[0]): Promise<GpuSuite> {
  const tf: Tf = await import("@tensorflow/tfjs");
  await quietly(async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed`);
    await tf.ready();
    tf.tidy(() => tf.add(tf.ones([1]), 1)); // the first op triggers the banner
  });
  const upload = (a: HostArray) => tf.tensor(a.data, a.shape, "float32");
  /** Reads `outs` and then frees them (tfjs has no wait short of reading). */
  const pending = (outs: Tensor[]): Pending => ({
    read: async () => {
      const data = await Promise.all(outs.map((t) => t.data()));
      tf.dispose(outs);
      return data;
    },
  });

  const x = upload(inputs.chain);
  const [a, b] = inputs.matmul.map(upload) as [Tensor, Tensor];
  const { params, x: hx, y: hy } = inputs.mlp;
  const weights = [params.w1, params.b1, params.w2, params.b2].map(upload);
  const zeros = weights.map((w) => tf.zerosLike(w));
  const count = tf.scalar(0);
  const mx = upload(hx);
  const my = upload(hy);
  const tiny = upload(inputs.tiny);
  const kept: Tensor[] = [x, a, b, ...weights, ...zeros, count, mx, my, tiny];

  const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
    const h = tf.relu(tf.add(tf.matMul(mx, w1), b1));
    const logits = tf.add(tf.matMul(h, w2), b2);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), my), -1)));
  };
  const lossAndGrads = tf.valueAndGrads(
    (...ws: Tensor[]) => loss(ws[0]!, ws[1]!, ws[2]!, ws[3]!) as import("@tensorflow/tfjs").Scalar,
  );
  // Adam written out as optax computes it (tf.train.adam mutates variables in place), from the
  // same initial state every run: mu = nu = 0, count = 0.
  const { learningRate: lr, b1, b2, eps } = ADAM;
  const adamStep = (): Tensor[] => {
    const { value, grads } = lossAndGrads(weights);
    const next = tf.add(count, 1);
    const c1 = tf.sub(1, tf.pow(b1, next));
    const c2 = tf.sub(1, tf.pow(b2, next));
    const out: Tensor[] = [value, next];
    grads.forEach((g, i) => {
      const mu = tf.add(tf.mul(zeros[i]!, b1), tf.mul(g, 1 - b1));
      const nu = tf.add(tf.mul(zeros[i]!, b2), tf.mul(tf.square(g), 1 - b2));
      const step = tf.mul(tf.div(tf.div(mu, c1), tf.add(tf.sqrt(tf.div(nu, c2)), eps)), lr);
      out.push(tf.sub(weights[i]!, step), mu, nu);
    });
    return out;
  };

  return {
    name: `tfjs-${backend}`,
    description: `TensorFlow.js ${tf.version.tfjs}, backend "${tf.getBackend()}"`,
    settles: false,
    cases: {
      "gpu-chain-eager": gpuCase(() => pending([tf.tidy(() => tf.mul(tf.tanh(tf.add(tf.mul(x, 2), 1)), x))])),
      "gpu-chain-jit": { unsupported: "no jit" },
      "matmul-1024": gpuCase(() => pending([tf.matMul(a, b)])),
      "mlp-adam-step": gpuCase(() => pending(tf.tidy(adamStep))),
      "jit-call-overhead": gpuCase(() => {
        let t = tiny;
        for (let i = 0; i < TINY.calls; i++) {
          const u = tf.add(t, 1);
          if (t !== tiny) t.dispose();
          t = u;
        }
        return pending([t]);
      }),
    },
    dispose: () => tf.dispose(kept),
  };
}

export const tfjsWebGpu: GpuSuiteLoader = {
  name: "tfjs-webgpu",
  load: async (inputs) => {
    if (!installed(TFJS_WEBGPU_PACKAGE))
      throw new Error(
        `${TFJS_WEBGPU_PACKAGE} is not installed in node_modules (only @tensorflow/tfjs ${packageVersion("@tensorflow/tfjs")}, ` +
          `whose GPU backend is WebGL, is), so TensorFlow.js has no WebGPU backend here`,
      );
    await import(TFJS_WEBGPU_PACKAGE);
    return tfjsGpuSuite("webgpu", inputs);
  },
};
