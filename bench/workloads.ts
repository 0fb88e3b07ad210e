// The workloads every framework runs, with their sizes in one place so that all of them compute
// exactly the same thing.

export const ELEMENTWISE_SIZE = 1_000_000;
export const SUM_SIZE = 1_000_000;
export const MATMUL_SIZES = [256, 512] as const;
export const MLP = { inputs: 784, hidden: 256, classes: 10, batch: 128 } as const;
/** Per-example gradients materialize one copy of the parameters per example, so fewer examples. */
export const PER_EXAMPLE_BATCH = 32;

export type WorkloadId =
  "elementwise-eager" | "elementwise-jit" | "matmul-256" | "matmul-512" | "sum" | "mlp-grad" | "per-example-grads";

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
