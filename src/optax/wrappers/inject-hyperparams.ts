// Hyperparameters as state: a factory's numeric arguments live in `state.hyperparams`, where they
// can be read and set between steps, and schedules given for them are evaluated from the count.
import { scalar } from "../../array.js";
import { isFloat, type DType } from "../../dtypes.js";
import { ValueError } from "../../errors.js";
import { JaxArray } from "../../tracing/array.js";
import type { ExtraArgs, GradientTransformation } from "../base.js";
import { factorySignature, type Factory, type FactorySignature } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { highestDtype } from "../tree-math.js";

export interface InjectHyperparamsState {
  count: JaxArray;
  /** Every numeric hyperparameter by its camelCase name (schedules hold their current value). */
  hyperparams: Record<string, JaxArray>;
  /** The step count each schedule is evaluated at. */
  hyperparamsStates: Record<string, { count: JaxArray }>;
  innerState: unknown;
}

export interface InjectHyperparamsOptions {
  /** Arguments kept as given (functions that are not schedules, for instance). */
  staticArgs?: string | readonly string[];
  /** The dtype of float hyperparameters (by default the params' highest). */
  hyperparamDtype?: DType | null;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || x instanceof JaxArray) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Names and values of the arguments of one call, defaults filled in. */
function bindArguments(sig: FactorySignature, args: readonly unknown[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  sig.positional.forEach((name, i) => values.set(name, i < args.length ? args[i] : sig.defaults[name]));
  for (const [name, v] of Object.entries(sig.defaults)) if (!values.has(name)) values.set(name, v);
  const options = args[sig.positional.length];
  if (options !== undefined && options !== null) {
    if (!isPlainObject(options))
      throw new ValueError("injectHyperparams: the argument after the positional ones must be an options object");
    for (const [name, v] of Object.entries(options)) if (v !== undefined) values.set(name, v);
  }
  return values;
}

/** Without a declared signature: positional arguments are arg0, arg1, ... and a last plain object holds options. */
function guessSignature(args: readonly unknown[]): FactorySignature {
  const last = args[args.length - 1];
  const n = args.length > 0 && isPlainObject(last) ? args.length - 1 : args.length;
  return { positional: Array.from({ length: n }, (_, i) => `arg${i}`), defaults: {} };
}

function isStaticInteger(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v);
  return v instanceof JaxArray && v.ndim === 0 && !isFloat(v.dtype);
}

/** A static integer as a JS number, so the factory can use it for structure. */
function asStaticScalar(v: unknown): unknown {
  if (!(v instanceof JaxArray)) return v;
  return Number((v as unknown as { itemSync(): number }).itemSync());
}

/** JS numbers and weakly typed float arrays become `dtype`; strongly typed arrays are left as they are. */
function convertFloats(v: unknown, dtype: DType): JaxArray {
  if (typeof v === "number") return scalar(v, dtype, false);
  if (v instanceof JaxArray) return v.weakType && isFloat(v.dtype) ? v.astype(dtype) : v;
  throw new ValueError(`injectHyperparams: a numeric hyperparameter must be a number or an array, got ${String(v)}`);
}

type Schedule = (count: JaxArray) => JaxArray | number;

/**
 * Wraps `factory` so that its numeric hyperparameters (and schedules of them) are part of the
 * state: `injectHyperparams(optax.sgd)(0.1, { momentum: 0.9 })` keeps
 * `state.hyperparams.learningRate` and `state.hyperparams.momentum`, which may be changed between
 * steps. Booleans, null, strings, masks and integer sizes stay static.
 */
export function injectHyperparams<F extends Factory>(
  factory: F,
  options: InjectHyperparamsOptions = {},
): (...args: Parameters<F>) => GradientTransformation<InjectHyperparamsState> {
  const staticArgs = new Set(
    typeof options.staticArgs === "string" ? [options.staticArgs] : (options.staticArgs ?? []),
  );
  const declared = factorySignature(factory);
  if (declared) {
    const known = new Set([...declared.positional, ...Object.keys(declared.defaults)]);
    const unknown = [...staticArgs].filter((a) => !known.has(a));
    if (unknown.length > 0) {
      throw new ValueError(
        `injectHyperparams: staticArgs [${unknown.join(", ")}] are not parameters of ${factory.name || "the factory"} ([${[...known].join(", ")}])`,
      );
    }
  }
  return (...args: Parameters<F>) => {
    const sig = declared ?? guessSignature(args);
    const values = bindArguments(sig, args);
    const integers = new Set(sig.integers ?? []);
    const schedules = new Map<string, Schedule>();
    const numeric = new Map<string, unknown>();
    const other = new Map<string, unknown>();
    for (const [name, v] of values) {
      if (staticArgs.has(name) || typeof v === "boolean") other.set(name, v);
      else if (integers.has(name) && isStaticInteger(v)) other.set(name, asStaticScalar(v));
      else if (typeof v === "function") schedules.set(name, v as Schedule);
      else if (typeof v === "number" || v instanceof JaxArray) numeric.set(name, v);
      else other.set(name, v);
    }
    const build = (hparams: Record<string, JaxArray>): GradientTransformation<unknown> => {
      const all = new Map<string, unknown>([...other, ...Object.entries(hparams)]);
      const positional = sig.positional.map((n) => all.get(n));
      const opts = Object.fromEntries([...all].filter(([n]) => !sig.positional.includes(n)));
      const call = factory as unknown as (...a: unknown[]) => GradientTransformation<unknown>;
      return Object.keys(opts).length > 0 || declared ? call(...positional, opts) : call(...positional);
    };
    const dtypeFor = (tree: unknown) => options.hyperparamDtype ?? highestDtype(tree);
    const evaluate = (dtype: DType, counts: Record<string, { count: JaxArray }>) =>
      Object.fromEntries([...schedules].map(([n, f]) => [n, convertFloats(f(counts[n]!.count), dtype)]));
    return {
      init: (params) => {
        const dtype = dtypeFor(params);
        const hyperparamsStates = Object.fromEntries([...schedules.keys()].map((n) => [n, { count: zeroCount() }]));
        const hyperparams: Record<string, JaxArray> = {
          ...Object.fromEntries([...numeric].map(([n, v]) => [n, convertFloats(v, dtype)])),
          ...evaluate(dtype, hyperparamsStates),
        };
        return { count: zeroCount(), hyperparams, hyperparamsStates, innerState: build(hyperparams).init(params) };
      },
      update: <U>(
        updates: U,
        state: InjectHyperparamsState,
        params?: unknown,
        extra?: ExtraArgs,
      ): [U, InjectHyperparamsState] => {
        const dtype = dtypeFor(params ?? updates);
        const hyperparams: Record<string, JaxArray> = {
          ...Object.fromEntries(Object.entries(state.hyperparams).map(([n, v]) => [n, convertFloats(v, dtype)])),
          ...evaluate(dtype, state.hyperparamsStates),
        };
        const hyperparamsStates = Object.fromEntries(
          Object.entries(state.hyperparamsStates).map(([n, s]) => [n, { count: safeIncrement(s.count) }]),
        );
        const [out, innerState] = build(hyperparams).update(updates, state.innerState, params, extra);
        return [out, { count: safeIncrement(state.count), hyperparams, hyperparamsStates, innerState }];
      },
    };
  };
}
