// `npm run bench -- --device=webgpu` (or `npm run bench:webgpu`): jax-ts on its WebGPU device
// against jax-js's and TensorFlow.js's WebGPU backends, in the same process on the same adapter,
// on the same inputs, taking turns call by call. Besides the times it counts, per timed run, the
// compute passes, dispatches and queue submits each library issues (by wrapping the WebGPU API,
// counters.ts), times the same calls without readback, and times the first call of the training
// step in a fresh process with Mesa's shader cache disabled and enabled (cold.ts). Options:
// --only=<workload,...> (skips the fresh-process runs), --suites=<peer,...>, --no-cold.
import "./setup.js";
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { CHECKSUM_RTOL } from "../checksum.js";
import { loadSuites, markDisagreements, measureWorkload } from "../harness.js";
import { makeWebGpuInputs } from "../inputs.js";
import { measureInTurns, type Timing, type TimingOptions } from "../measure.js";
import type { Outcome } from "../report.js";
import { isUnsupported } from "../suite.js";
import { formatMs, formatRatio, formatTable } from "../table.js";
import { WEBGPU_WORKLOADS, type WebGpuWorkload, type WebGpuWorkloadId } from "../workloads.js";
import type { ColdResult } from "./cold.js";
import { countsSince, gpuCounts, type GpuCounts } from "./counters.js";
import { jaxJsWebGpu } from "./jax-js.js";
import { jaxTsWebGpu } from "./ours.js";
import { adapterName } from "./setup.js";
import type { GpuSuite, GpuSuiteLoader } from "./suite.js";
import { tfjsWebGpu } from "./tfjs.js";

/**
 * As the CPU bench, with a longer budget: a 1024 matmul on a software adapter takes seconds, and a
 * first call over the budget would leave a framework with a single timed run.
 */
const TIMING: TimingOptions = { warmup: 2, minRuns: 5, maxRuns: 25, budgetMs: 5000 };
/** The runs without readback are a secondary measure: fewer of them. */
const SETTLE_TIMING: TimingOptions = { warmup: 1, minRuns: 3, maxRuns: 15, budgetMs: 3000 };

export interface WebGpuBenchOptions {
  only?: string[];
  suites?: string[];
  cold: boolean;
}

/** Commands one run issued: while the calls were made, and in total once every output was read. */
interface RunCounts {
  issued: GpuCounts;
  total: GpuCounts;
  /** jax-ts's own counters (WebGpuDevice.counters) over the same run. */
  own?: { dispatches: number; submits: number };
  outputs: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One more run of `suite`'s case, counting the commands it issues. */
async function countRun(suite: GpuSuite, id: WebGpuWorkloadId): Promise<RunCounts | undefined> {
  const c = suite.cases[id];
  if (c === undefined || isUnsupported(c)) return undefined;
  const before = gpuCounts();
  const ownBefore = suite.ownCounters?.();
  const pending = c.issue();
  // Work deferred to the end of the synchronous burst (a microtask-time submit) counts as issued.
  await nextTurn();
  const issued = countsSince(before);
  const outputs = await pending.read();
  const total = countsSince(before);
  const ownAfter = suite.ownCounters?.();
  const own =
    ownBefore && ownAfter
      ? { dispatches: ownAfter.dispatches - ownBefore.dispatches, submits: ownAfter.submits - ownBefore.submits }
      : undefined;
  return { issued, total, ...(own ? { own } : {}), outputs: outputs.length };
}

/** Runs cold.ts in a fresh process, with Mesa's on-disk shader cache off or on. */
function coldStart(suite: string, cacheDisabled: boolean): ColdResult | string {
  const script = fileURLToPath(new URL("./cold.ts", import.meta.url));
  const child = spawnSync(process.execPath, ["--import", "tsx", script, suite], {
    env: { ...process.env, MESA_SHADER_CACHE_DISABLE: String(cacheDisabled) },
    encoding: "utf8",
    timeout: 180_000,
  });
  const line = child.stdout?.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || !line) {
    const stderr = (child.stderr ?? "").split("\n");
    const error = stderr.find((l) => /\w*Error\b/.test(l)) ?? stderr.filter((l) => l.trim()).at(-1) ?? "";
    return `exit ${child.status ?? child.signal}: ${error.trim()}`;
  }
  return JSON.parse(line) as ColdResult;
}

function timeCell(w: WebGpuWorkload, o: Outcome | undefined): string {
  if (!o) return "";
  if ("missing" in o) return o.missing;
  const ms = o.timing.medianMs;
  const once = o.timing.runs === 1 ? " (1 run)" : "";
  if (w.calls) return `${formatMs((1000 * ms) / w.calls)} µs/call${once}`;
  if (w.flops) return `${formatMs(ms)} ms, ${(w.flops / ms / 1e6).toFixed(1)} GFLOP/s${once}`;
  return `${formatMs(ms)} ms${once}`;
}

function countCell(n: number, w: WebGpuWorkload): string {
  return String(n) + (w.calls ? ` (${(n / w.calls).toFixed(2)}/call)` : "");
}

export async function runWebGpuBench(options: WebGpuBenchOptions): Promise<void> {
  const started = performance.now();
  const notes: string[] = [];
  const all: GpuSuiteLoader[] = [jaxTsWebGpu, jaxJsWebGpu, tfjsWebGpu];
  const loaders = options.suites ? all.filter((l) => l === jaxTsWebGpu || options.suites!.includes(l.name)) : all;
  const workloads = WEBGPU_WORKLOADS.filter((w) => !options.only || options.only.includes(w.id));
  const adapter = await adapterName();

  const inputs = makeWebGpuInputs();
  const outcomes = new Map<string, Map<WebGpuWorkloadId, Outcome>>(loaders.map((l) => [l.name, new Map()]));
  const settled = new Map<string, Map<WebGpuWorkloadId, Timing>>(loaders.map((l) => [l.name, new Map()]));
  const counted = new Map<string, Map<WebGpuWorkloadId, RunCounts>>(loaders.map((l) => [l.name, new Map()]));
  const suites = await loadSuites(loaders, inputs, workloads.map((w) => w.id), outcomes, notes);

  for (const w of workloads) {
    process.stderr.write(`  ${w.id} ...`);
    await measureWorkload(w.id, suites, TIMING, outcomes, notes);
    for (const suite of suites) {
      if (!("timing" in (outcomes.get(suite.name)!.get(w.id) ?? {}))) continue;
      try {
        const c = await countRun(suite, w.id);
        if (c) counted.get(suite.name)!.set(w.id, c);
      } catch (e) {
        notes.push(`${suite.name}: counting ${w.id} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const settleRuns = new Map<string, () => Promise<ArrayLike<number>[]>>();
    for (const suite of suites) {
      const c = suite.cases[w.id];
      if (!suite.settles || c === undefined || isUnsupported(c)) continue;
      if (!("timing" in (outcomes.get(suite.name)!.get(w.id) ?? {}))) continue;
      settleRuns.set(suite.name, async () => {
        await c.issue().settle!();
        return [];
      });
    }
    for (const [name, m] of await measureInTurns(settleRuns, SETTLE_TIMING)) {
      if ("error" in m) notes.push(`${name} failed on ${w.id} without readback: ${String(m.error)}`);
      else settled.get(name)!.set(w.id, m.timing);
    }
    process.stderr.write(" done\n");
  }
  for (const suite of suites) suite.dispose?.();

  const cold: [string, boolean, ColdResult | string][] = [];
  if (options.cold && !options.only) {
    for (const name of [jaxTsWebGpu.name, jaxJsWebGpu.name]) {
      if (!suites.some((s) => s.name === name)) continue;
      process.stderr.write(`  fresh-process start of the MLP step, ${name} ...`);
      for (const cacheDisabled of [true, false]) cold.push([name, cacheDisabled, coldStart(name, cacheDisabled)]);
      process.stderr.write(" done\n");
    }
  }

  const ours = jaxTsWebGpu.name;
  const peers = loaders.map((l) => l.name).filter((n) => n !== ours);
  markDisagreements(ours, peers, workloads.map((w) => w.id), outcomes, notes);

  // The report.
  const cpu = cpus();
  const t = TIMING;
  console.log(
    `\njax-ts WebGPU benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
      `adapter "${adapter}", ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, ` +
      `load average ${loadavg()[0]!.toFixed(1)} at the end`,
  );
  console.log(
    `Median of ${t.minRuns}-${t.maxRuns} timed runs (frameworks taking turns) after ${t.warmup} warm-up runs; ` +
      `each run ends by reading every output back to the host. "1st call" includes tracing and compilation ` +
      `(Mesa's on-disk shader cache on).\n`,
  );
  const header = ["workload", `${ours}`, `${ours} 1st call`, ...peers.flatMap((p) => [p, "ours/peer"])];
  const rows = workloads.map((w) => {
    const o = outcomes.get(ours)?.get(w.id);
    const row = [w.title, timeCell(w, o), o && "timing" in o ? `${formatMs(o.timing.firstMs)} ms` : ""];
    for (const p of peers) {
      const theirs = outcomes.get(p)?.get(w.id);
      let ratio = "";
      if (o && "timing" in o && theirs && "timing" in theirs)
        ratio = formatRatio(o.timing.medianMs, theirs.timing.medianMs) + (theirs.disagrees ? " !" : "");
      row.push(timeCell(w, theirs), ratio);
    }
    return row;
  });
  console.log(formatTable(header, rows));
  console.log(
    `\nours/peer above 1 means jax-ts is slower. Outputs are cross-checked (sum of |outputs|, rtol ${CHECKSUM_RTOL}); '!' marks a disagreement.`,
  );

  console.log(
    `\nWithout readback: the same calls, then waiting until the device is done, reading nothing ` +
      `(jax-ts: GPUQueue.onSubmittedWorkDone on its queue; jax-js: blockUntilReady; tfjs has no such wait). ` +
      `The difference from the table above is the cost of reading the outputs back.\n`,
  );
  const settleRows = workloads.map((w) => {
    const o = settled.get(ours)?.get(w.id);
    const row = [w.title, o ? timeCell(w, { timing: o, checksum: 0 }) : ""];
    for (const p of peers) {
      const theirs = settled.get(p)?.get(w.id);
      row.push(
        theirs ? timeCell(w, { timing: theirs, checksum: 0 }) : "",
        o && theirs ? formatRatio(o.medianMs, theirs.medianMs) : "",
      );
    }
    return row;
  });
  console.log(formatTable(["workload", ours, ...peers.flatMap((p) => [p, "ours/peer"])], settleRows));

  console.log(
    `\nWebGPU commands per timed run (one more run after the timed ones), counted by wrapping ` +
      `beginComputePass, dispatchWorkgroups and GPUQueue.submit for every library alike. ` +
      `"issued" is what the calls submitted before any output was read; reading adds the rest.\n`,
  );
  const countRows: string[][] = [];
  for (const w of workloads) {
    for (const s of suites) {
      const c = counted.get(s.name)?.get(w.id);
      if (!c) continue;
      countRows.push([
        w.title,
        s.name,
        countCell(c.total.dispatches, w),
        countCell(c.total.passes, w),
        countCell(c.issued.submits, w),
        countCell(c.total.submits, w),
        String(c.total.writeBuffers),
        String(c.outputs),
        c.own ? `${c.own.dispatches} / ${c.own.submits}` : "",
      ]);
    }
  }
  console.log(
    formatTable(
      [
        "workload",
        "library",
        "dispatches",
        "compute passes",
        "submits issued",
        "submits total",
        "writeBuffer",
        "outputs read",
        "own counters (dispatches / submits)",
      ],
      countRows,
    ),
  );

  if (cold.length > 0) {
    console.log(
      `\nThe MLP Adam step in a fresh process, Mesa's on-disk shader cache disabled ` +
        `(MESA_SHADER_CACHE_DISABLE=true: every shader compiled from scratch) and enabled ` +
        `(filled by the runs before). Load: importing the library, starting its WebGPU device, uploading the inputs.\n`,
    );
    console.log(
      formatTable(
        ["library", "shader cache", "load ms", "1st call ms", "2nd call ms", "pipelines created"],
        cold.map(([name, cacheDisabled, r]) => {
          const cache = cacheDisabled ? "disabled" : "enabled";
          return typeof r === "string"
            ? [name, cache, "failed", "", "", ""]
            : [name, cache, formatMs(r.loadMs), formatMs(r.firstMs), formatMs(r.secondMs), String(r.pipelines)];
        }),
      ),
    );
    for (const [name, cacheDisabled, r] of cold)
      if (typeof r === "string")
        notes.push(
          `fresh-process run of ${name} (shader cache ${cacheDisabled ? "disabled" : "enabled"}) failed: ${r}`,
        );
  }

  console.log("");
  for (const s of suites) console.log(`  ${s.name}: ${s.description}`);
  for (const n of notes) console.log(`  note: ${n}`);
  console.log(`Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
