// `npm run bench`: jax-ts on its CPU backend against peers measured in the same process, on the
// same inputs. Options: --only=<workload,...> and --suites=<name,...> (names as in the table).
import { cpus } from "node:os";
import { agree, checksum } from "./checksum.js";
import { makeInputs } from "./inputs.js";
import { DEFAULT_TIMING, measure, type Timing } from "./measure.js";
import { jaxJs } from "./jax-js.js";
import { jaxTs } from "./ours.js";
import { isUnsupported, type SuiteLoader } from "./suite.js";
import { formatMs, formatRatio, formatTable } from "./table.js";
import { tfjs } from "./tfjs.js";
import { WORKLOADS, type WorkloadId } from "./workloads.js";

const notes: string[] = [];

/** What one framework produced for one workload. */
type Outcome = { timing: Timing; checksum: number } | { missing: string };

function option(name: string): string[] | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3).split(",");
}

// jax-js's "cpu" device is its interpreted debugging device (a 512x512 matmul takes minutes), so
// it runs only when asked for with --suites.
const DEFAULT_LOADERS: SuiteLoader[] = [jaxTs, tfjs, jaxJs("wasm")];
const ALL_LOADERS: SuiteLoader[] = [...DEFAULT_LOADERS, jaxJs("cpu")];
const ourName = jaxTs.name;

const onlySuites = option("suites");
const loaders = onlySuites ? ALL_LOADERS.filter((l) => l.name === ourName || onlySuites.includes(l.name)) : DEFAULT_LOADERS;
if (!onlySuites) notes.push(`jax-js-cpu (jax-js's interpreted debugging device) is left out by default; add it with --suites=jax-js-cpu`);
const onlyWorkloads = option("only");
const workloads = WORKLOADS.filter((w) => !onlyWorkloads || onlyWorkloads.includes(w.id));

const inputs = makeInputs();
const results = new Map<string, Map<WorkloadId, Outcome>>();
const descriptions: string[] = [];
const started = performance.now();

for (const loader of loaders) {
  const outcomes = new Map<WorkloadId, Outcome>();
  results.set(loader.name, outcomes);
  let suite;
  try {
    suite = await loader.load(inputs);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    notes.push(`${loader.name} could not run here, so it has no numbers: ${reason}`);
    for (const w of workloads) outcomes.set(w.id, { missing: "unavailable" });
    continue;
  }
  descriptions.push(`${suite.name}: ${suite.description}`);
  for (const w of workloads) {
    const c = suite.cases[w.id];
    if (c === undefined || isUnsupported(c)) {
      outcomes.set(w.id, { missing: c ? `n/a (${c.unsupported})` : "n/a" });
      continue;
    }
    process.stderr.write(`  ${loader.name.padEnd(12)} ${w.id} ...`);
    try {
      const [timing, out] = await measure(() => c.run(), DEFAULT_TIMING);
      outcomes.set(w.id, { timing, checksum: checksum(out) });
      process.stderr.write(` ${formatMs(timing.medianMs)} ms\n`);
    } catch (e) {
      process.stderr.write(" failed\n");
      notes.push(`${loader.name} failed on ${w.id}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      outcomes.set(w.id, { missing: "error" });
    }
  }
  suite.dispose?.();
}

const peers = loaders.filter((l) => l.name !== ourName).map((l) => l.name);
const header = ["workload", `${ourName} ms`, `${ourName} 1st call`, ...peers.flatMap((p) => [`${p} ms`, "ours/peer"])];
const rows = workloads.map((w) => {
  const ours = results.get(ourName)?.get(w.id);
  const row = [w.title];
  if (ours && "timing" in ours) row.push(formatMs(ours.timing.medianMs), formatMs(ours.timing.firstMs));
  else row.push(ours?.missing ?? "", "");
  for (const p of peers) {
    const theirs = results.get(p)?.get(w.id);
    if (!theirs || "missing" in theirs) {
      row.push(theirs?.missing ?? "", "");
      continue;
    }
    let ratio = ours && "timing" in ours ? formatRatio(ours.timing.medianMs, theirs.timing.medianMs) : "";
    if (ours && "timing" in ours && !agree(ours.checksum, theirs.checksum)) {
      ratio += " !";
      notes.push(`${p} disagrees with ${ourName} on ${w.id}: checksum ${theirs.checksum} vs ${ours.checksum}`);
    }
    const once = theirs.timing.runs === 1 ? " (1 run)" : "";
    row.push(formatMs(theirs.timing.medianMs) + once, ratio);
  }
  return row;
});

const cpu = cpus();
console.log(`\njax-ts benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}`);
console.log(
  `Median of ${DEFAULT_TIMING.minRuns}-${DEFAULT_TIMING.maxRuns} timed calls after ${DEFAULT_TIMING.warmup} warm-up calls; ` +
    `each call includes reading the results back to the host. "1st call" includes tracing and compilation.\n`,
);
console.log(formatTable(header, rows));
console.log("\nours/peer above 1 means jax-ts is slower. Outputs are cross-checked (sum of |outputs|, rtol 1e-3); '!' marks a disagreement.");
for (const d of descriptions) console.log(`  ${d}`);
for (const n of notes) console.log(`  note: ${n}`);
console.log(`Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
