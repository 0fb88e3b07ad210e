// The WebGPU tests, as one test file: vitest gives every test file a fresh process and, on a
// 2-core machine, runs them one after another, so one process lets the suites share the device
// and every compiled kernel (the elementwise ones serve the spec table, the NaN tests and the
// accuracy tests alike). With a cold shader cache that is about a third less CPU time.
// Each suite lives in its own *.suite.ts file; filter with `npx vitest run test/webgpu -t <name>`.
import "./device.suite.js";
import "./spec-table.suite.js";
import "./nan-inf.suite.js";
import "./math-accuracy.suite.js";
import "./indexing-sort.suite.js";
import "./dot.suite.js";
import "./jit-mlp.suite.js";
import "./loose-wgsl.suite.js";
import "./async-runtime.suite.js";
import "./jit-stages.suite.js";
import "./fusion-property.suite.js";
