// The printed report: machine, method, the table of times and ratios, and notes.
import { cpus, loadavg } from "node:os";
import { CHECKSUM_RTOL } from "./checksum.js";
import type { Timing, TimingOptions } from "./measure.js";
import { formatMs, formatRatio, formatTable } from "./table.js";
import type { Workload, WorkloadId } from "./workloads.js";

/** What one framework produced for one workload. */
export type Outcome = { timing: Timing; checksum: number; disagrees?: boolean } | { missing: string };

export interface Report {
  ours: string;
  peers: string[];
  workloads: readonly Workload[];
  outcomes: ReadonlyMap<string, ReadonlyMap<WorkloadId, Outcome>>;
  descriptions: string[];
  notes: string[];
  timing: TimingOptions;
  totalSeconds: number;
}

function timeCell(o: Outcome | undefined): string {
  if (!o) return "";
  if ("missing" in o) return o.missing;
  return formatMs(o.timing.medianMs) + (o.timing.runs === 1 ? " (1 run)" : "");
}

export function printReport(r: Report): void {
  const header = [
    "workload",
    `${r.ours} ms`,
    `${r.ours} 1st call`,
    ...r.peers.flatMap((p) => [`${p} ms`, "ours/peer"]),
  ];
  const rows = r.workloads.map((w) => {
    const ours = r.outcomes.get(r.ours)?.get(w.id);
    const row = [w.title, timeCell(ours), ours && "timing" in ours ? formatMs(ours.timing.firstMs) : ""];
    for (const p of r.peers) {
      const theirs = r.outcomes.get(p)?.get(w.id);
      let ratio = "";
      if (ours && "timing" in ours && theirs && "timing" in theirs) {
        ratio = formatRatio(ours.timing.medianMs, theirs.timing.medianMs) + (theirs.disagrees ? " !" : "");
      }
      row.push(timeCell(theirs), ratio);
    }
    return row;
  });
  const cpu = cpus();
  const t = r.timing;
  // The load average tells how far other processes on a shared machine may have skewed the times.
  console.log(
    `\njax-ts benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
      `${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, load average ${loadavg()[0]!.toFixed(1)} at the end`,
  );
  console.log(
    `Median of ${t.minRuns}-${t.maxRuns} timed calls (frameworks taking turns) after ${t.warmup} warm-up calls; ` +
      `each call includes reading the results back to the host. "1st call" includes tracing and compilation.\n`,
  );
  console.log(formatTable(header, rows));
  console.log(
    `\nours/peer above 1 means jax-ts is slower. Outputs are cross-checked (sum of |outputs|, rtol ${CHECKSUM_RTOL}); '!' marks a disagreement.`,
  );
  for (const d of r.descriptions) console.log(`  ${d}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
  console.log(`Total ${r.totalSeconds.toFixed(1)} s.`);
}
