// What injectHyperparams needs to know about a factory that JS cannot introspect: the names of
// its positional parameters and the defaults of every parameter (options included).
import type { GradientTransformation } from "./base.js";

export type Factory = (...args: never[]) => GradientTransformation<unknown>;

export interface FactorySignature {
  /** Names of the positional parameters, in order; the options object follows them. */
  readonly positional: readonly string[];
  /** Default of every parameter that has one, positional or in the options object. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Integer parameters that shape the state (sizes, periods): never injected. */
  readonly integers?: readonly string[];
}

const signatures = new WeakMap<Factory, FactorySignature>();

/** Records `signature` for `factory` and returns the factory. */
export function declareFactory<F extends Factory>(factory: F, signature: FactorySignature): F {
  signatures.set(factory, signature);
  return factory;
}

export function factorySignature(factory: Factory): FactorySignature | undefined {
  return signatures.get(factory);
}

/** `options` over `defaults`, ignoring options given as undefined. */
export function withDefaults<D extends object>(defaults: D, options: Partial<D> | undefined): D {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) out[k] = v;
  return out as D;
}
