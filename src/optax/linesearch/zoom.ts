// optax.scale_by_zoom_linesearch: a stepsize satisfying the strong Wolfe criteria, found by the
// zoom algorithm inside one lax.whileLoop so the update jits.
import { ValueError } from "../../errors.js";
import * as lax from "../../lax/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { requireParams, type ExtraArgs, type GradientTransformation } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { castLike, scale, vdot, zerosLike } from "../tree-math.js";
import { matchTypes, objectiveFrom, scalar, valueDtypeOf } from "./common.js";
import type { ZoomProblem, ZoomSearchState } from "./zoom-state.js";
import { zoomContinues, zoomStep, type ZoomConstants } from "./zoom-steps.js";

export interface ZoomLinesearchInfo {
  numLinesearchSteps: JaxArray;
  /** Sufficient decrease error at the accepted step: 0 when satisfied. */
  decreaseError: JaxArray;
  /** Small curvature error at the accepted step: 0 when satisfied. */
  curvatureError: JaxArray;
}

export interface ScaleByZoomLinesearchState<P = unknown> {
  learningRate: JaxArray;
  /** The objective and its gradient at the accepted step, reusable through valueAndGradFromState. */
  value: JaxArray;
  grad: P;
  info: ZoomLinesearchInfo;
}

export interface ZoomLinesearchOptions {
  maxLinesearchSteps?: number;
  /** Upper bound on the stepsize (null: none). */
  maxLearningRate?: number | null;
  tol?: number;
  increaseFactor?: number;
  slopeRtol?: number;
  /** Set to Infinity to drop the curvature criterion. */
  curvRtol?: number;
  /** null: only the Armijo decrease criterion. */
  approxDecRtol?: number | null;
  stepsizePrecision?: number;
  /** Start each search at 1 ("one", for quasi-Newton directions) or at the last stepsize ("keep"). */
  initialGuessStrategy?: "one" | "keep";
}

export const ZOOM_DEFAULTS = {
  maxLearningRate: null as number | null,
  tol: 0,
  increaseFactor: 2,
  slopeRtol: 1e-4,
  curvRtol: 0.9,
  approxDecRtol: 1e-6 as number | null,
  stepsizePrecision: 1e-5,
  initialGuessStrategy: "keep" as "one" | "keep",
};

/**
 * `scaleByZoomLinesearch(maxLinesearchSteps, options)` (or with maxLinesearchSteps in the
 * options). `update(updates, state, params, { value, grad, valueFn, ...fnKwargs })` scales the
 * updates by a stepsize meeting sufficient decrease and small curvature; if none is found within
 * the budget, by the best sufficient-decrease stepsize met (or the last one tried).
 */
export function scaleByZoomLinesearch(
  maxLinesearchSteps: number | ZoomLinesearchOptions,
  options: ZoomLinesearchOptions = {},
): GradientTransformation<ScaleByZoomLinesearchState> {
  const merged = typeof maxLinesearchSteps === "number" ? { ...options, maxLinesearchSteps } : maxLinesearchSteps;
  const maxSteps = merged.maxLinesearchSteps;
  if (maxSteps === undefined || !Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new ValueError(
      `scaleByZoomLinesearch: maxLinesearchSteps must be a positive integer, got ${String(maxSteps)}`,
    );
  }
  const o = withDefaults(ZOOM_DEFAULTS, merged);
  if (o.initialGuessStrategy !== "one" && o.initialGuessStrategy !== "keep") {
    throw new ValueError(`scaleByZoomLinesearch: unknown initialGuessStrategy '${String(o.initialGuessStrategy)}'`);
  }
  const k: ZoomConstants = {
    maxLinesearchSteps: maxSteps,
    maxStepsize: o.maxLearningRate,
    tol: o.tol,
    increaseFactor: o.increaseFactor,
    slopeRtol: o.slopeRtol,
    curvRtol: o.curvRtol,
    approxDecRtol: o.approxDecRtol,
    intervalThreshold: o.stepsizePrecision,
  };
  const op = "scaleByZoomLinesearch";

  const init = (params: unknown): ScaleByZoomLinesearchState => {
    const dtype = valueDtypeOf(params);
    return {
      learningRate: scalar(1, dtype),
      value: scalar(Infinity, dtype),
      grad: zerosLike(params),
      info: {
        numLinesearchSteps: scalar(0, "int32"),
        decreaseError: scalar(Infinity, dtype),
        curvatureError: scalar(Infinity, dtype),
      },
    };
  };

  const update = <U>(
    updates: U,
    state: ScaleByZoomLinesearchState,
    params?: unknown,
    extra?: ExtraArgs,
  ): [U, ScaleByZoomLinesearchState] => {
    const p = requireParams(params, op);
    const dtype = valueDtypeOf(p);
    const objective = objectiveFrom(op, extra, dtype);
    const value = objective.value;
    const grad = castLike(objective.grad, p);
    const slope = vdot(updates, grad).astype(dtype);
    const problem: ZoomProblem = {
      params: p,
      updates,
      stepsizeGuess: o.initialGuessStrategy === "one" ? scalar(1, dtype) : state.learningRate,
      valueInit: value,
      slopeInit: slope,
      valueAndGrad: objective.valueAndGrad,
    };
    const zero = scalar(0, dtype);
    const inf = scalar(Infinity, dtype);
    const start: ZoomSearchState = {
      count: scalar(0, "int32"),
      stepsize: zero,
      value,
      grad,
      slope,
      decreaseError: inf,
      curvatureError: inf,
      error: inf,
      intervalFound: scalar(0, "bool"),
      done: scalar(0, "bool"),
      failed: scalar(0, "bool"),
      low: zero,
      valueLow: value,
      slopeLow: slope,
      high: zero,
      valueHigh: value,
      slopeHigh: slope,
      cubicRef: zero,
      valueCubicRef: value,
      safeStepsize: zero,
      safeValue: value,
      safeGrad: grad,
    };
    const end = lax.whileLoop(
      (s) => zoomContinues(s),
      (s) => zoomStep(k, problem, s),
      start,
    ) as ZoomSearchState;
    const next: ScaleByZoomLinesearchState = {
      learningRate: end.stepsize,
      value: end.value,
      grad: end.grad,
      info: { numLinesearchSteps: end.count, decreaseError: end.decreaseError, curvatureError: end.curvatureError },
    };
    return [scale(end.stepsize, updates), matchTypes(next, state)];
  };

  return { init, update };
}

declareFactory(scaleByZoomLinesearch, {
  positional: ["maxLinesearchSteps"],
  defaults: ZOOM_DEFAULTS,
  integers: ["maxLinesearchSteps"],
});
