// What a framework under test provides: one runnable case per workload it supports.
import type { BenchInputs } from "./inputs.js";
import type { WorkloadId } from "./workloads.js";

/**
 * One workload, set up and ready: `run` computes it once and awaits the results on the host
 * (the framework's async readback), returning them so that frameworks can be checked against
 * each other outside the timed region.
 */
export interface Case {
  run(): Promise<ArrayLike<number>[]>;
}

/** A workload a framework cannot express (no jit, no vmap), with the reason shown in the table. */
export interface Unsupported {
  unsupported: string;
}

export interface Suite {
  /** Column header. */
  name: string;
  /** Version and backend, printed under the table. */
  description: string;
  cases: Partial<Record<WorkloadId, Case | Unsupported>>;
  /** Releases whatever the cases hold (peers without garbage-collected arrays). */
  dispose?(): void;
}

/** Loads a framework and builds its cases; throws when the framework cannot run here. */
export interface SuiteLoader {
  name: string;
  load(inputs: BenchInputs): Promise<Suite>;
}

export function isUnsupported(c: Case | Unsupported | undefined): c is Unsupported {
  return c !== undefined && "unsupported" in c;
}
