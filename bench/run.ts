// `npm run bench`: jax-ts on its CPU backend against peers measured in the same process, on the
// same inputs, taking turns call by call. Options: --only=<workload,...> and
// --suites=<name,...> (peer names as in the table; jax-ts always runs). With --device=webgpu
// (`npm run bench:webgpu`) it runs the WebGPU bench instead (bench/webgpu/run.ts), which also
// takes --no-cold.
import { loadSuites, markDisagreements, measureWorkload } from "./harness.js";
import { makeInputs } from "./inputs.js";
import { jaxJs } from "./jax-js.js";
import { DEFAULT_TIMING } from "./measure.js";
import { jaxTs } from "./ours.js";
import { printReport, type Outcome } from "./report.js";
import type { SuiteLoader } from "./suite.js";
import { tfjs } from "./tfjs.js";
import { WORKLOADS, type WorkloadId } from "./workloads.js";

function option(name: string): string[] | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3).split(",");
}

async function runCpuBench(): Promise<void> {
  const notes: string[] = [];

  // jax-js's "cpu" device is its interpreted debugging device (a 512x512 matmul takes minutes), so
  // it runs only when asked for.
  const DEFAULT_LOADERS: SuiteLoader[] = [jaxTs, tfjs, jaxJs("wasm")];
  const ALL_LOADERS: SuiteLoader[] = [...DEFAULT_LOADERS, jaxJs("cpu")];
  const onlySuites = option("suites");
  const loaders = onlySuites ? ALL_LOADERS.filter((l) => l === jaxTs || onlySuites.includes(l.name)) : DEFAULT_LOADERS;
  if (!onlySuites)
    notes.push(
      "jax-js-cpu (jax-js's interpreted debugging device) is left out by default; add it with --suites=jax-js-cpu",
    );
  const onlyWorkloads = option("only");
  const workloads = WORKLOADS.filter((w) => !onlyWorkloads || onlyWorkloads.includes(w.id));

  const started = performance.now();
  const inputs = makeInputs();
  const outcomes = new Map<string, Map<WorkloadId, Outcome>>(loaders.map((l) => [l.name, new Map()]));
  const suites = await loadSuites(loaders, inputs, workloads.map((w) => w.id), outcomes, notes);

  for (const w of workloads) {
    process.stderr.write(`  ${w.id} ...`);
    await measureWorkload(w.id, suites, DEFAULT_TIMING, outcomes, notes);
    process.stderr.write(" done\n");
  }
  for (const suite of suites) suite.dispose?.();

  const ours = jaxTs.name;
  const peers = loaders.map((l) => l.name).filter((n) => n !== ours);
  markDisagreements(ours, peers, workloads.map((w) => w.id), outcomes, notes);
  printReport({
    ours,
    peers,
    workloads,
    outcomes,
    descriptions: suites.map((s) => `${s.name}: ${s.description}`),
    notes,
    timing: DEFAULT_TIMING,
    totalSeconds: (performance.now() - started) / 1000,
  });
}

const device = option("device")?.[0] ?? "cpu";
if (device === "webgpu") {
  const { runWebGpuBench } = await import("./webgpu/run.js");
  await runWebGpuBench({ only: option("only"), suites: option("suites"), cold: !process.argv.includes("--no-cold") });
} else if (device === "cpu") {
  await runCpuBench();
} else {
  throw new Error(`--device=${device}: the bench knows "cpu" and "webgpu"`);
}
