// Input data as plain host arrays, made once and handed to every framework, so that all of them
// see identical numbers and no framework's random generator is part of what is timed.
import {
  ELEMENTWISE_SIZE,
  GPU_CHAIN_SIZE,
  GPU_MATMUL_SIZE,
  MATMUL_SIZES,
  MLP,
  PER_EXAMPLE_BATCH,
  SUM_SIZE,
  TINY,
} from "./workloads.js";

/** A small seeded generator (mulberry32): reproducible across runs and machines. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(size: number, seed: number, lo: number, hi: number): Float32Array {
  const next = generator(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/** A host tensor: row-major float32 data and its shape. */
export interface HostArray {
  data: Float32Array;
  shape: number[];
}

function tensor(shape: number[], seed: number, scale = 1): HostArray {
  const size = shape.reduce((a, b) => a * b, 1);
  return { data: uniform(size, seed, -scale, scale), shape };
}

/** One-hot rows for `count` examples with labels drawn uniformly from the classes. */
function oneHotLabels(count: number, classes: number, seed: number): HostArray {
  const next = generator(seed);
  const data = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) data[i * classes + Math.floor(next() * classes)] = 1;
  return { data, shape: [count, classes] };
}

export interface MlpParams {
  w1: HostArray;
  b1: HostArray;
  w2: HostArray;
  b2: HostArray;
}

export interface BenchInputs {
  elementwise: HostArray;
  sum: HostArray;
  matmul: Map<number, [HostArray, HostArray]>;
  mlp: { params: MlpParams; x: HostArray; y: HostArray };
  perExample: { x: HostArray; y: HostArray };
}

function mlpInputs(): { params: MlpParams; x: HostArray; y: HostArray } {
  const { inputs, hidden, classes, batch } = MLP;
  // Glorot-like scales keep the logits moderate, as in a real first training step.
  const params: MlpParams = {
    w1: tensor([inputs, hidden], 31, Math.sqrt(6 / (inputs + hidden))),
    b1: tensor([hidden], 32, 0.01),
    w2: tensor([hidden, classes], 33, Math.sqrt(6 / (hidden + classes))),
    b2: tensor([classes], 34, 0.01),
  };
  return { params, x: tensor([batch, inputs], 35), y: oneHotLabels(batch, classes, 36) };
}

export function makeInputs(): BenchInputs {
  const matmul = new Map<number, [HostArray, HostArray]>();
  for (const n of MATMUL_SIZES) matmul.set(n, [tensor([n, n], 10 + n), tensor([n, n], 20 + n)]);
  const { params, x, y } = mlpInputs();
  const prefix = (a: HostArray, rows: number): HostArray => ({
    data: a.data.slice(0, rows * (a.shape[1] ?? 1)),
    shape: [rows, ...a.shape.slice(1)],
  });
  return {
    elementwise: tensor([ELEMENTWISE_SIZE], 1, 2),
    sum: tensor([SUM_SIZE], 2),
    matmul,
    mlp: { params, x, y },
    perExample: { x: prefix(x, PER_EXAMPLE_BATCH), y: prefix(y, PER_EXAMPLE_BATCH) },
  };
}

/** Inputs of the WebGPU bench (bench/webgpu/): the same kind of data, other sizes. */
export interface WebGpuInputs {
  chain: HostArray;
  matmul: [HostArray, HostArray];
  mlp: { params: MlpParams; x: HostArray; y: HostArray };
  tiny: HostArray;
}

export function makeWebGpuInputs(): WebGpuInputs {
  const n = GPU_MATMUL_SIZE;
  return {
    chain: tensor([GPU_CHAIN_SIZE], 1, 2),
    matmul: [tensor([n, n], 10 + n), tensor([n, n], 20 + n)],
    mlp: mlpInputs(),
    tiny: tensor([TINY.size], 3),
  };
}
