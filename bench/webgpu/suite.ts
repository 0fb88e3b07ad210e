// What a framework provides to the WebGPU bench. A case is split in two so that commands can be
// counted apart: `issue` makes the calls (as a program would, without waiting) and returns a
// pending result, whose `read` awaits every output on the host (each library reads back
// asynchronously on WebGPU). A timed run is both.
import type { WebGpuInputs } from "../inputs.js";
import type { Case, Unsupported } from "../suite.js";
import type { WebGpuWorkloadId } from "../workloads.js";

/** Work issued by a case, not yet waited on. */
export interface Pending {
  /** Awaits every output on the host. */
  read(): Promise<ArrayLike<number>[]>;
  /**
   * Waits until the device has finished the work without reading anything back (and releases the
   * outputs), where the library offers a way to: for the "no readback" timings.
   */
  settle?(): Promise<void>;
}

export interface GpuCase extends Case {
  issue(): Pending;
}

export function gpuCase(issue: () => Pending): GpuCase {
  return { issue, run: () => issue().read() };
}

export interface GpuSuite {
  name: string;
  description: string;
  cases: Partial<Record<WebGpuWorkloadId, GpuCase | Unsupported>>;
  /** Whether its pending results have `settle` (a wait without readback). */
  settles: boolean;
  /** The library's own dispatch and submit counters, where it keeps some (jax-ts does). */
  ownCounters?(): { dispatches: number; submits: number };
  dispose?(): void;
}

export interface GpuSuiteLoader {
  name: string;
  load(inputs: WebGpuInputs): Promise<GpuSuite>;
}
