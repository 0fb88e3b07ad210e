// jax-ts demo: train a small MLP classifier on three interleaved spirals.
// Everything is a pure function of arrays: the data come from explicit random keys, the training
// step is jit(valueAndGrad) plus an optax optimizer, and the loop just threads the state along.
//
//   npm run demo               (CPU backend)
//   npm run demo -- --webgpu   (looks for a WebGPU adapter first, as jax.init() does)
import * as jax from "../src/index.js";
import * as optax from "../src/optax/index.js";

const { numpy: jnp, random, nn } = jax;
type Params = { w: jax.Array; b: jax.Array }[];

const NUM_CLASSES = 3;
const LAYER_SIZES = [2, 32, 32, NUM_CLASSES];
const NUM_POINTS = 512;
const STEPS = 300;
const LOG_EVERY = 30;

/** Points on three noisy spiral arms, one arm per class. */
function makeSpirals(key: jax.Array, n: number): { x: jax.Array; labels: jax.Array } {
  const [labelKey, radiusKey, noiseKey] = random.split(key, 3);
  const labels = random.randint(labelKey!, [n], 0, NUM_CLASSES);
  const radius = random.uniform(radiusKey!, [n]);
  const angle = labels
    .mul((2 * Math.PI) / NUM_CLASSES)
    .add(radius.mul(5))
    .add(random.normal(noiseKey!, [n]).mul(0.2));
  const x = jnp.stack([radius.mul(jnp.sin(angle)), radius.mul(jnp.cos(angle))], 1);
  return { x, labels };
}

/** He-initialized weights and zero biases for each layer. */
function initParams(key: jax.Array, sizes: number[]): Params {
  const keys = [...random.split(key, sizes.length - 1)];
  return keys.map((k, i) => {
    const [fanIn, fanOut] = [sizes[i]!, sizes[i + 1]!];
    return { w: random.normal(k, [fanIn, fanOut]).mul(Math.sqrt(2 / fanIn)), b: jnp.zeros([fanOut]) };
  });
}

/** Logits: ReLU hidden layers, linear output layer. */
function predict(params: Params, x: jax.Array): jax.Array {
  let h = x;
  params.forEach(({ w, b }, i) => {
    h = h.matmul(w).add(b);
    if (i < params.length - 1) h = nn.relu(h);
  });
  return h;
}

/** Mean softmax cross-entropy. */
function loss(params: Params, x: jax.Array, labels: jax.Array): jax.Array {
  const logProbs = nn.logSoftmax(predict(params, x));
  return logProbs.mul(nn.oneHot(labels, NUM_CLASSES)).sum(-1).mean().neg();
}

function accuracy(params: Params, x: jax.Array, labels: jax.Array): jax.Array {
  return jnp.mean(jnp.equal(jnp.argmax(predict(params, x), -1), labels));
}

/**
 * A scalar's value on the host via `await x.data()`, the readback that works on every backend.
 * The cast is there because `jax.Array`'s type does not list `data()` yet.
 */
async function toNumber(x: jax.Array): Promise<number> {
  const values = await (x as unknown as { data(): Promise<ArrayLike<number>> }).data();
  return Number(values[0]);
}

if (process.argv.includes("--webgpu")) await jax.init();
console.log(`jax-ts demo on backend: ${jax.defaultBackend()}`);

const [dataKey, initKey] = random.split(random.key(0));
const { x, labels } = makeSpirals(dataKey!, NUM_POINTS);
const optimizer = optax.adam(0.01);
type OptState = optax.StateOf<typeof optimizer>;

// One training step: loss and gradients, the optimizer's update, the new parameters. jit traces it
// once and reuses the compiled step for every call.
function update(params: Params, optState: OptState, x: jax.Array, labels: jax.Array): [Params, OptState, jax.Array] {
  const [lossValue, grads] = jax.valueAndGrad(loss)(params, x, labels) as [jax.Array, Params];
  const [updates, newOptState] = optimizer.update(grads, optState, params);
  return [optax.applyUpdates(params, updates), newOptState, lossValue];
}
const trainStep: typeof update = jax.jit(update);

let params = initParams(initKey!, LAYER_SIZES);
let optState = optimizer.init(params);
const start = performance.now();
for (let step = 1; step <= STEPS; step++) {
  let lossValue: jax.Array;
  [params, optState, lossValue] = trainStep(params, optState, x, labels);
  if (step === 1 || step % LOG_EVERY === 0) {
    console.log(`step ${String(step).padStart(4)}  loss ${(await toNumber(lossValue)).toFixed(4)}`);
  }
}
const seconds = (performance.now() - start) / 1000;
const trainAccuracy = await toNumber(accuracy(params, x, labels));
console.log(
  `train accuracy ${(100 * trainAccuracy).toFixed(1)}% on ${NUM_POINTS} points (${STEPS} steps in ${seconds.toFixed(1)} s)`,
);
