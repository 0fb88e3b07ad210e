// WGSL helper functions that ops render to, with their dependencies. A kernel's source includes
// only the helpers its ops reach, in dependency order.

export interface WgslFunction {
  readonly name: string;
  readonly deps: readonly string[];
  readonly code: string;
}

const registry = new Map<string, WgslFunction>();

export function defineWgsl(name: string, deps: readonly string[], code: string): void {
  if (registry.has(name)) throw new Error(`WGSL helper ${name} is defined twice`);
  registry.set(name, { name, deps, code: code.trim() });
}

/** The source of `names` and everything they call, each once, callees first. */
export function helperSource(names: Iterable<string>): string {
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    const fn = registry.get(name);
    if (!fn) throw new Error(`WGSL helper ${name} is not defined (internal error)`);
    fn.deps.forEach(visit);
    out.push(fn.code);
  };
  for (const n of names) visit(n);
  return out.join("\n\n");
}
