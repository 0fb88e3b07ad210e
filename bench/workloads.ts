// The workloads every framework runs, with their sizes in one place so that all of them compute
// exactly the same thing.

export const ELEMENTWISE_SIZE = 1_000_000;
export const SUM_SIZE = 1_000_000;
export const MATMUL_SIZES = [256, 512] as const;
export const MLP = { inputs: 784, hidden: 256, classes: 10, batch: 128 } as const;
/** Per-example gradients materialize one copy of the parameters per example, so fewer examples. */
export const PER_EXAMPLE_BATCH = 32;

export type WorkloadId =
  | "elementwise-eager"
  | "elementwise-jit"
  | "matmul-256"
  | "matmul-512"
  | "sum"
  | "mlp-grad"
  | "per-example-grads"
  | WebGpuWorkloadId;

export interface Workload {
  id: WorkloadId;
  title: string;
}

export const WORKLOADS: readonly Workload[] = [
  { id: "elementwise-eager", title: "elementwise chain, 1e6 f32, eager" },
  { id: "elementwise-jit", title: "elementwise chain, 1e6 f32, jit" },
  { id: "matmul-256", title: "matmul 256x256 @ 256x256" },
  { id: "matmul-512", title: "matmul 512x512 @ 512x512" },
  { id: "sum", title: "sum of 1e6 f32" },
  { id: "mlp-grad", title: `MLP ${MLP.inputs}-${MLP.hidden}-${MLP.classes} loss+grad, batch ${MLP.batch}` },
  { id: "per-example-grads", title: `per-example grads (vmap), same MLP, batch ${PER_EXAMPLE_BATCH}` },
];

/**
 * The elementwise chain, written once in terms of the operations each framework provides:
 * `tanh(x * 1.5 + 0.5) * exp(-(x * x)) + sin(x)`, seven elementwise ops.
 */
export const ELEMENTWISE_FORMULA = "tanh(1.5x + 0.5) * exp(-x^2) + sin(x)";

// The WebGPU bench (`npm run bench -- --device=webgpu`, bench/webgpu/) runs these instead.

/** `tanh(x * 2 + 1) * x`: four elementwise ops, one kernel once jit fuses them. */
export const GPU_CHAIN_FORMULA = "tanh(2x + 1) * x";
export const GPU_CHAIN_SIZE = 1_000_000;
export const GPU_MATMUL_SIZE = 1024;
/** Adam's hyperparameters (optax's defaults but the learning rate), the same for every framework. */
export const ADAM = { learningRate: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8 } as const;
/** The tiny jitted function `x + 1` on this many elements, called this many times per timed run. */
export const TINY = { size: 4, calls: 200 } as const;

export type WebGpuWorkloadId =
  "gpu-chain-eager" | "gpu-chain-jit" | "matmul-1024" | "mlp-adam-step" | "jit-call-overhead";

export interface WebGpuWorkload extends Workload {
  id: WebGpuWorkloadId;
  /** Floating-point operations per timed run, for a GFLOP/s column. */
  flops?: number;
  /** Calls per timed run, for a per-call time. */
  calls?: number;
}

export const WEBGPU_WORKLOADS: readonly WebGpuWorkload[] = [
  { id: "gpu-chain-eager", title: `${GPU_CHAIN_FORMULA}, 1e6 f32, eager` },
  { id: "gpu-chain-jit", title: `${GPU_CHAIN_FORMULA}, 1e6 f32, jit` },
  {
    id: "matmul-1024",
    title: `matmul ${GPU_MATMUL_SIZE}x${GPU_MATMUL_SIZE} @ ${GPU_MATMUL_SIZE}x${GPU_MATMUL_SIZE}`,
    flops: 2 * GPU_MATMUL_SIZE ** 3,
  },
  { id: "mlp-adam-step", title: `MLP ${MLP.inputs}-${MLP.hidden}-${MLP.classes} Adam step, batch ${MLP.batch}` },
  {
    id: "jit-call-overhead",
    title: `jit(x + 1) on ${TINY.size} f32, per call (${TINY.calls} calls, 1 read)`,
    calls: TINY.calls,
  },
];
