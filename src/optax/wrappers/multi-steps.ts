// Gradient accumulation: the inner optimizer steps once every k mini-steps, on their mean (or sum).
import type { DType } from "../../dtypes.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { scalar } from "../../array.js";
import type { ExtraArgs, GradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { cast, castLike, leavesOf, mapLeaves, norm, zerosLike } from "../tree-math.js";

export interface MultiStepsState<S = unknown> {
  /** Mini-steps accumulated since the last inner step. */
  miniStep: JaxArray;
  /** Inner steps taken. */
  gradientStep: JaxArray;
  innerOptState: S;
  accGrads: unknown;
  /** What shouldSkipUpdateFn reported for the last mini-step. */
  skipState: unknown;
}

/**
 * Decides whether a mini-step's updates are dropped (as if that mini-step never happened);
 * returns a bool scalar and any pytree kept in `state.skipState`.
 */
export type ShouldSkipUpdateFunction = (
  updates: unknown,
  gradientStep: JaxArray,
  params: unknown,
) => [JaxArray, unknown];

/** Skips updates holding a NaN or an Inf. */
export const skipNotFinite: ShouldSkipUpdateFunction = (updates) => {
  const numNotFinite = leavesOf(updates).reduce(
    (acc, x) => jnp.add(acc, jnp.sum(jnp.logicalNot(jnp.isfinite(x))).astype("int32")),
    zeroCount(),
  );
  const shouldSkip = jnp.greater(numNotFinite, 0);
  return [shouldSkip, { shouldSkip, numNotFinite }];
};

/** Skips updates whose squared global norm is not below `maxSquaredNorm` (NaN norms included). */
export function skipLargeUpdates(
  updates: unknown,
  _gradientStep: JaxArray,
  _params: unknown,
  maxSquaredNorm: number,
): [JaxArray, unknown] {
  const normSquared = norm(updates, true);
  const shouldSkip = jnp.logicalNot(jnp.less(normSquared, maxSquaredNorm));
  return [shouldSkip, { shouldSkip, normSquared }];
}

export interface MultiStepsOptions {
  /** Average the accumulated gradients (true) or sum them. */
  useGradMean?: boolean;
  shouldSkipUpdateFn?: ShouldSkipUpdateFunction | null;
  accumulatorDtype?: DType;
}

/** `new MultiSteps(opt, everyK)`: `opt` sees the mean of every `everyK` consecutive updates. */
export class MultiSteps<S = unknown> {
  readonly innerOpt: GradientTransformation<S>;
  private readonly everyK: (gradientStep: JaxArray) => JaxArray | number;
  private readonly useGradMean: boolean;
  private readonly shouldSkip: ShouldSkipUpdateFunction;
  private readonly accumulatorDtype: DType;

  constructor(
    opt: GradientTransformation<S>,
    everyKSchedule: number | ((gradientStep: JaxArray) => JaxArray | number),
    options: MultiStepsOptions = {},
  ) {
    this.innerOpt = opt;
    this.everyK = typeof everyKSchedule === "number" ? () => everyKSchedule : everyKSchedule;
    this.useGradMean = options.useGradMean ?? true;
    this.shouldSkip = options.shouldSkipUpdateFn ?? (() => [scalar(false), {}]);
    this.accumulatorDtype = options.accumulatorDtype ?? "float32";
  }

  init = (params: unknown): MultiStepsState<S> => {
    const gradientStep = zeroCount();
    const [, skipState] = this.shouldSkip(zerosLike(params), gradientStep, params);
    return {
      miniStep: zeroCount(),
      gradientStep,
      innerOptState: this.innerOpt.init(params),
      accGrads: zerosLike(params, this.accumulatorDtype),
      skipState,
    };
  };

  update = <U>(updates: U, state: MultiStepsState<S>, params?: unknown, extra?: ExtraArgs): [U, MultiStepsState<S>] => {
    const kSteps = this.everyK(state.gradientStep);
    const [shouldSkip, skipState] = this.shouldSkip(updates, state.gradientStep, params ?? null);
    // Welford's running mean keeps the average accurate over many mini-steps.
    const accGrads = mapLeaves(
      (g, acc) =>
        this.useGradMean ? jnp.add(acc, jnp.divide(jnp.subtract(g, acc), jnp.add(state.miniStep, 1))) : jnp.add(g, acc),
      updates,
      state.accGrads,
    );
    const [finalUpdates, newInner] = this.innerOpt.update(
      castLike(accGrads, updates),
      state.innerOptState,
      params,
      extra,
    );
    const emit = jnp.equal(state.miniStep, jnp.subtract(kSteps, 1));
    const stepped: MultiStepsState<S> = {
      miniStep: jnp.remainder(safeIncrement(state.miniStep), kSteps),
      gradientStep: jnp.where(emit, safeIncrement(state.gradientStep), state.gradientStep),
      innerOptState: mapLeaves((o, n) => jnp.where(emit, n, o).astype(o.dtype), state.innerOptState, newInner),
      accGrads: cast(
        mapLeaves((ga) => jnp.where(emit, jnp.zerosLike(ga), ga), accGrads),
        this.accumulatorDtype,
      ),
      skipState,
    };
    const emitted = mapLeaves((u) => jnp.where(emit, u, jnp.zerosLike(u)), finalUpdates);
    // A skipped mini-step leaves everything but skipState as it was and emits zeros.
    const out = mapLeaves((u) => jnp.where(shouldSkip, jnp.zerosLike(u), u), emitted);
    const next: MultiStepsState<S> = {
      miniStep: jnp.where(shouldSkip, state.miniStep, stepped.miniStep),
      gradientStep: jnp.where(shouldSkip, state.gradientStep, stepped.gradientStep),
      innerOptState: mapLeaves((o, n) => jnp.where(shouldSkip, o, n), state.innerOptState, stepped.innerOptState),
      accGrads: mapLeaves((o, n) => jnp.where(shouldSkip, o, n), state.accGrads, stepped.accGrads),
      skipState,
    };
    return [out, next];
  };

  /** Whether the last update ran the inner optimizer. */
  hasUpdated(state: MultiStepsState<S>): JaxArray {
    return jnp.logicalAnd(jnp.equal(state.miniStep, 0), jnp.greater(state.gradientStep, 0));
  }

  /** The wrapper as a plain GradientTransformation. */
  gradientTransformation(): GradientTransformation<MultiStepsState<S>> {
    return { init: this.init, update: this.update };
  }
}
