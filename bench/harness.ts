// The steps every bench driver shares (CPU and WebGPU): load each framework's suite, then time
// one workload across the suites in turns, recording an outcome per framework and a note for
// every framework that could not load or failed.
import { agree, checksum } from "./checksum.js";
import { measureInTurns, type TimingOptions } from "./measure.js";
import type { Outcome } from "./report.js";
import { isUnsupported, type Case, type Unsupported } from "./suite.js";

interface AnySuite<Id extends string> {
  name: string;
  cases: Partial<Record<Id, Case | Unsupported>>;
}

/** Loads every suite; a loader that throws gets "unavailable" for every workload and a note. */
export async function loadSuites<Id extends string, In, S extends AnySuite<Id>>(
  loaders: readonly { name: string; load(inputs: In): Promise<S> }[],
  inputs: In,
  workloads: readonly Id[],
  outcomes: Map<string, Map<Id, Outcome>>,
  notes: string[],
): Promise<S[]> {
  const suites: S[] = [];
  for (const loader of loaders) {
    try {
      suites.push(await loader.load(inputs));
    } catch (e) {
      notes.push(`${loader.name} could not run here, so it has no numbers: ${e instanceof Error ? e.message : String(e)}`);
      for (const w of workloads) outcomes.get(loader.name)!.set(w, { missing: "unavailable" });
    }
  }
  return suites;
}

/** Times workload `id` on every suite that has it, frameworks taking turns; records the outcomes. */
export async function measureWorkload<Id extends string>(
  id: Id,
  suites: readonly AnySuite<Id>[],
  timing: TimingOptions,
  outcomes: Map<string, Map<Id, Outcome>>,
  notes: string[],
): Promise<void> {
  const runs = new Map<string, () => Promise<ArrayLike<number>[]>>();
  for (const suite of suites) {
    const c = suite.cases[id];
    if (c === undefined || isUnsupported(c)) outcomes.get(suite.name)!.set(id, { missing: c ? `n/a (${c.unsupported})` : "n/a" });
    else runs.set(suite.name, () => c.run());
  }
  for (const [name, m] of await measureInTurns(runs, timing)) {
    if ("error" in m) {
      const message = m.error instanceof Error ? m.error.message.split("\n")[0] : String(m.error);
      notes.push(`${name} failed on ${id}: ${message}`);
      outcomes.get(name)!.set(id, { missing: "error" });
    } else {
      outcomes.get(name)!.set(id, { timing: m.timing, checksum: checksum(m.result) });
    }
  }
}

/** Marks every peer outcome whose checksum disagrees with ours, with a note. */
export function markDisagreements<Id extends string>(
  ours: string,
  peers: readonly string[],
  workloads: readonly Id[],
  outcomes: Map<string, Map<Id, Outcome>>,
  notes: string[],
): void {
  for (const id of workloads) {
    const o = outcomes.get(ours)!.get(id);
    for (const p of peers) {
      const t = outcomes.get(p)!.get(id);
      if (o && "checksum" in o && t && "checksum" in t && !agree(o.checksum, t.checksum)) {
        t.disagrees = true;
        notes.push(`${p} disagrees with ${ours} on ${id}: checksum ${t.checksum} vs ${o.checksum}`);
      }
    }
  }
}
