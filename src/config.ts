// `jax.config`: runtime flags, as JAX has them (`jax.config.update("jax_explain_cache_misses", True)`).
// Names are camelCase (`jaxExplainCacheMisses`); JAX's snake_case spelling is accepted too, so code
// and habits carry over. A flag that was never updated takes its value from an environment variable,
// read at each use (a test or a shell can set it at any time); browsers have no `process`, so there
// the defaults apply.
import { ValueError } from "./errors.js";

/** Each flag and the environment variable it follows until updated. */
const FLAGS = {
  /** jit says why it traces again: which argument's shape, dtype, weak type or static value changed. */
  jaxExplainCacheMisses: "JAX_EXPLAIN_CACHE_MISSES",
  /** jit prints the WGSL of every fused kernel it compiles, once, to stderr (jax-ts's own flag). */
  jaxTsLogKernels: "JAX_TS_LOG_KERNELS",
} satisfies Record<string, string>;

export type FlagName = keyof typeof FLAGS;

const values = new Map<FlagName, boolean>();

function flagName(name: string): FlagName {
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (camel in FLAGS) return camel as FlagName;
  throw new ValueError(
    `jax.config: unrecognized option ${JSON.stringify(name)}; known options: ${Object.keys(FLAGS).join(", ")}`,
  );
}

function fromEnv(variable: string): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const raw = env?.[variable]?.trim().toLowerCase();
  return raw !== undefined && raw !== "" && raw !== "0" && raw !== "false" && raw !== "no";
}

export const config = {
  /** Sets a flag for the rest of the session (it then no longer follows its environment variable). */
  update(name: string, value: boolean): void {
    if (typeof value !== "boolean") throw new ValueError(`jax.config.update(${JSON.stringify(name)}): the value must be true or false, got ${String(value)}`);
    values.set(flagName(name), value);
  },
  /** The flag's value: what `update` set, else its environment variable, else false. */
  read(name: string): boolean {
    const flag = flagName(name);
    return values.get(flag) ?? fromEnv(FLAGS[flag]);
  },
  /** Forgets what `update` set, so the flag follows its environment variable again. */
  reset(name: string): void {
    values.delete(flagName(name));
  },
  get jaxExplainCacheMisses(): boolean {
    return config.read("jaxExplainCacheMisses");
  },
  get jaxTsLogKernels(): boolean {
    return config.read("jaxTsLogKernels");
  },
};
