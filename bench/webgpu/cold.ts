// Cold start of the MLP Adam step, in a fresh process: `node --import tsx bench/webgpu/cold.ts
// <jax-ts|jax-js-webgpu>`, run by bench/webgpu/run.ts with MESA_SHADER_CACHE_DISABLE=true so that
// Mesa compiles every shader again. Prints one line of JSON: the device start-up, the first call
// (tracing, WGSL generation, pipeline compilation, the run and the reads) and the second call.
import "./setup.js";
import { countsSince, gpuCounts } from "./counters.js";
import { makeWebGpuInputs } from "../inputs.js";
import { jaxJsWebGpu } from "./jax-js.js";
import { jaxTsWebGpu } from "./ours.js";
import type { GpuCase } from "./suite.js";

export interface ColdResult {
  suite: string;
  /** Loading the library, starting its WebGPU device and uploading the inputs. */
  loadMs: number;
  firstMs: number;
  secondMs: number;
  /** Compute pipelines created by the first call. */
  pipelines: number;
}

const name = process.argv[2] ?? "jax-ts";
const loader = [jaxTsWebGpu, jaxJsWebGpu].find((l) => l.name === name);
if (!loader) throw new Error(`cold.ts: unknown suite ${name}`);
const inputs = makeWebGpuInputs();
const start = performance.now();
const suite = await loader.load(inputs);
const loadMs = performance.now() - start;
const c = suite.cases["mlp-adam-step"] as GpuCase;
const before = gpuCounts();
const t0 = performance.now();
await c.run();
const t1 = performance.now();
const { pipelines } = countsSince(before);
await c.run();
const t2 = performance.now();
const result: ColdResult = { suite: name, loadMs, firstMs: t1 - t0, secondMs: t2 - t1, pipelines };
console.log(JSON.stringify(result));
suite.dispose?.();
