// Runs one jax-ts workload repeatedly, for profiling (`node --cpu-prof --import tsx
// bench/profile.ts sum 50`) or quick timing of one case without the peers.
import { makeInputs } from "./inputs.js";
import { median } from "./measure.js";
import { jaxTs } from "./ours.js";
import { isUnsupported } from "./suite.js";
import { WORKLOADS, type WorkloadId } from "./workloads.js";

const [id = "sum", countArg = "20"] = process.argv.slice(2);
if (!WORKLOADS.some((w) => w.id === id))
  throw new Error(`unknown workload ${id}; one of ${WORKLOADS.map((w) => w.id).join(", ")}`);
const suite = await jaxTs.load(makeInputs());
const c = suite.cases[id as WorkloadId];
if (c === undefined || isUnsupported(c)) throw new Error(`jax-ts has no case ${id}`);
const times: number[] = [];
for (let i = 0; i < Number(countArg) + 2; i++) {
  const start = performance.now();
  await c.run();
  if (i >= 2) times.push(performance.now() - start);
}
console.log(
  `${id}: median ${median(times).toFixed(2)} ms over ${times.length} calls (min ${Math.min(...times).toFixed(2)})`,
);
