// optax.scale_by_backtracking_linesearch: shrink a guessed learning rate until the Armijo
// (sufficient decrease) criterion holds, inside one lax.whileLoop so the update jits.
import { ValueError } from "../../errors.js";
import * as lax from "../../lax/index.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { grad as gradOf } from "../../transforms/vjp.js";
import { requireParams, type ExtraArgs, type GradientTransformation } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { hp } from "../scalars.js";
import { addScale, scale, vdot, zerosLike } from "../tree-math.js";
import { matchTypes, objectiveFrom, scalar, valueDtypeOf } from "./common.js";

export interface BacktrackingLinesearchInfo {
  numLinesearchSteps: JaxArray;
  /** How far the accepted step is from sufficient decrease: 0 when it succeeded. */
  decreaseError: JaxArray;
}

export interface ScaleByBacktrackingLinesearchState<P = unknown> {
  learningRate: JaxArray;
  /** The objective at the accepted step, reusable through valueAndGradFromState. */
  value: JaxArray;
  /** Its gradient when `storeGrad`, else null. */
  grad: P | null;
  info: BacktrackingLinesearchInfo;
}

export interface BacktrackingLinesearchOptions {
  maxBacktrackingSteps?: number;
  /** c in f(w + lr u) <= (1 + rtol) f(w) + lr c <u, grad> + atol. */
  slopeRtol?: number;
  decreaseFactor?: number;
  /** The next search starts from `increaseFactor` times the last learning rate. */
  increaseFactor?: number;
  maxLearningRate?: number;
  atol?: number;
  rtol?: number;
  /** Also compute and keep the gradient at the accepted step. */
  storeGrad?: boolean;
}

export const BACKTRACKING_DEFAULTS = {
  slopeRtol: 1e-4,
  decreaseFactor: 0.8,
  increaseFactor: 1.5,
  maxLearningRate: 1.0,
  atol: 0,
  rtol: 0,
  storeGrad: false,
};

interface SearchState {
  learningRate: JaxArray;
  newValue: JaxArray;
  newGrad: unknown;
  decreaseError: JaxArray;
  iterNum: JaxArray;
}

/**
 * `scaleByBacktrackingLinesearch(maxBacktrackingSteps, options)` (or with maxBacktrackingSteps in
 * the options). `update(updates, state, params, { value, grad, valueFn, ...fnKwargs })` returns
 * the updates scaled by a learning rate satisfying the Armijo criterion; `updates` must be a
 * descent direction. If no step keeps the objective finite, the learning rate is 0.
 */
export function scaleByBacktrackingLinesearch(
  maxBacktrackingSteps: number | BacktrackingLinesearchOptions,
  options: BacktrackingLinesearchOptions = {},
): GradientTransformation<ScaleByBacktrackingLinesearchState> {
  const merged = typeof maxBacktrackingSteps === "number" ? { ...options, maxBacktrackingSteps } : maxBacktrackingSteps;
  const maxSteps = merged.maxBacktrackingSteps;
  if (maxSteps === undefined || !Number.isInteger(maxSteps) || maxSteps < 0) {
    throw new ValueError(
      `scaleByBacktrackingLinesearch: maxBacktrackingSteps must be a non-negative integer, got ${String(maxSteps)}`,
    );
  }
  const o = withDefaults(BACKTRACKING_DEFAULTS, merged);
  const op = "scaleByBacktrackingLinesearch";

  const init = (params: unknown): ScaleByBacktrackingLinesearchState => {
    const dtype = valueDtypeOf(params);
    return {
      learningRate: scalar(1, dtype),
      value: scalar(Infinity, dtype),
      grad: o.storeGrad ? zerosLike(params) : null,
      info: { numLinesearchSteps: scalar(0, "int32"), decreaseError: scalar(Infinity, dtype) },
    };
  };

  const update = <U>(
    updates: U,
    state: ScaleByBacktrackingLinesearchState,
    params?: unknown,
    extra?: ExtraArgs,
  ): [U, ScaleByBacktrackingLinesearchState] => {
    const p = requireParams(params, op);
    const dtype = valueDtypeOf(p);
    const objective = objectiveFrom(op, extra, dtype);
    const value = objective.value;
    // The slope of lr -> f(params + lr * updates) at 0; negative for a descent direction.
    const slope = vdot(updates, objective.grad).astype(dtype);

    const decreaseErrorAt = (lr: JaxArray, newValue: JaxArray) => {
      const c = (v: number) => hp(v, value);
      const excess = jnp.subtract(
        jnp.subtract(newValue, jnp.multiply(c(1 + o.rtol), value)),
        jnp.multiply(jnp.multiply(lr, c(o.slopeRtol)), slope),
      );
      return jnp.maximum(jnp.where(jnp.isnan(excess), c(Infinity), excess), c(0));
    };
    const accepted = (s: SearchState) => jnp.lessEqual(s.decreaseError, hp(o.atol, s.decreaseError));

    const body = (s: SearchState): SearchState => {
      // The first trial takes the guess as it is; later ones shrink it.
      const lr = jnp.where(
        jnp.greater(s.iterNum, 0),
        jnp.multiply(hp(o.decreaseFactor, s.learningRate), s.learningRate),
        s.learningRate,
      );
      const trial = addScale(p, lr, updates);
      const newValue = objective.fn(trial).astype(dtype);
      const decreaseError = decreaseErrorAt(lr, newValue);
      let newGrad = s.newGrad;
      if (o.storeGrad) {
        // The gradient is only needed at the step the search ends on.
        const ends = jnp.logicalOr(
          jnp.lessEqual(decreaseError, hp(o.atol, decreaseError)),
          jnp.equal(s.iterNum, maxSteps),
        );
        newGrad = lax.cond(
          ends,
          (q: unknown): unknown => gradOf(objective.fn)(q),
          () => s.newGrad,
          trial,
        );
      }
      return matchTypes({ learningRate: lr, newValue, newGrad, decreaseError, iterNum: jnp.add(s.iterNum, 1) }, s);
    };

    const guess = jnp.minimum(
      jnp.multiply(hp(o.increaseFactor, state.learningRate), state.learningRate),
      hp(o.maxLearningRate, state.learningRate),
    );
    const start: SearchState = {
      learningRate: guess.astype(dtype),
      newValue: value,
      newGrad: zerosLike(p),
      decreaseError: scalar(Infinity, dtype),
      iterNum: scalar(0, "int32"),
    };
    const end = lax.whileLoop(
      (v) => {
        const s = v;
        return jnp.logicalAnd(jnp.logicalNot(accepted(s)), jnp.lessEqual(s.iterNum, maxSteps));
      },
      (v) => body(v),
      start,
    ) as SearchState;

    // An infinite error means every trial left the domain: no step rather than a NaN one.
    const learningRate = jnp.where(jnp.isinf(end.decreaseError), scalar(0, dtype), end.learningRate);
    const next: ScaleByBacktrackingLinesearchState = {
      learningRate,
      value: end.newValue,
      grad: o.storeGrad ? end.newGrad : null,
      info: { numLinesearchSteps: end.iterNum, decreaseError: end.decreaseError },
    };
    return [scale(learningRate, updates), matchTypes(next, state)];
  };

  return { init, update };
}

declareFactory(scaleByBacktrackingLinesearch, {
  positional: ["maxBacktrackingSteps"],
  defaults: BACKTRACKING_DEFAULTS,
  integers: ["maxBacktrackingSteps"],
});
