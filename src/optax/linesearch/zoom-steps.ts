// One iteration of the zoom line search (Nocedal and Wright, algorithms 3.5 and 3.6, as optax
// implements them): first grow the stepsize until an interval brackets a point satisfying both
// strong Wolfe criteria, then shrink the interval by cubic, quadratic or bisection steps.
import * as lax from "../../lax/index.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { hp } from "../scalars.js";
import { addScale, vdot, where as treeWhere } from "../tree-math.js";
import { matchTypes } from "./common.js";
import { curvatureError, decreaseError, type WolfeConstants } from "./zoom-criteria.js";
import { cubicMinimizer, quadraticMinimizer } from "./zoom-interpolation.js";
import type { ZoomProblem, ZoomSearchState } from "./zoom-state.js";

export interface ZoomConstants extends WolfeConstants {
  maxLinesearchSteps: number;
  maxStepsize: number | null;
  tol: number;
  increaseFactor: number;
  /** Below this interval length, a stepsize with sufficient decrease is accepted. */
  intervalThreshold: number;
}

interface Trial {
  value: JaxArray;
  grad: unknown;
  slope: JaxArray;
  decreaseError: JaxArray;
  curvatureError: JaxArray;
  error: JaxArray;
}

function evaluate(k: ZoomConstants, pb: ZoomProblem, stepsize: JaxArray): Trial {
  const [value, grad] = pb.valueAndGrad(addScale(pb.params, stepsize, pb.updates));
  const v = value.astype(pb.valueInit.dtype);
  const slope = vdot(grad, pb.updates).astype(pb.slopeInit.dtype);
  const dec = decreaseError(k, stepsize, v, slope, pb.valueInit, pb.slopeInit);
  const curv = curvatureError(k, slope, pb.slopeInit);
  return { value: v, grad, slope, decreaseError: dec, curvatureError: curv, error: jnp.maximum(dec, curv) };
}

const or = jnp.logicalOr;
const and = jnp.logicalAnd;
const not = jnp.logicalNot;

/** Algorithm 3.5: try a larger stepsize until the interval [previous, new] brackets a good one. */
function searchInterval(k: ZoomConstants, pb: ZoomProblem, s: ZoomSearchState): ZoomSearchState {
  const c = (v: number) => hp(v, s.stepsize);
  const first = jnp.equal(s.count, 0);
  let stepsize = jnp.where(first, pb.stepsizeGuess, jnp.multiply(c(k.increaseFactor), s.stepsize));
  let maxReached = jnp.asarray(false);
  if (k.maxStepsize !== null) {
    maxReached = jnp.greaterEqual(stepsize, c(k.maxStepsize));
    stepsize = jnp.minimum(stepsize, c(k.maxStepsize));
  }
  const t = evaluate(k, pb, stepsize);

  const [safeStepsize, safeValue, safeGrad] = treeWhere(
    jnp.lessEqual(t.decreaseError, c(k.tol)),
    [stepsize, t.value, t.grad],
    [s.safeStepsize, s.safeValue, s.safeGrad],
  );

  const setHighToNew = or(jnp.greater(t.decreaseError, c(0)), and(jnp.greaterEqual(t.value, s.value), not(first)));
  const setLowToNew = and(jnp.greaterEqual(t.slope, c(0)), not(setHighToNew));
  const [low, valueLow, slopeLow, high, valueHigh, slopeHigh] = treeWhere(
    setLowToNew,
    [stepsize, t.value, t.slope, s.stepsize, s.value, s.slope],
    [s.stepsize, s.value, s.slope, stepsize, t.value, t.slope],
  );

  const good = jnp.lessEqual(t.error, c(k.tol));
  const intervalFound = or(or(setHighToNew, setLowToNew), good);
  // At the maximal stepsize without a bracket, a larger step would be needed for the curvature
  // criterion: stop there, as optax does.
  const done = or(good, and(maxReached, not(intervalFound)));
  const failed = and(jnp.greaterEqual(jnp.add(s.count, 1), k.maxLinesearchSteps), not(done));
  return {
    count: jnp.add(s.count, 1),
    stepsize,
    ...t,
    intervalFound,
    done,
    failed,
    low,
    valueLow,
    slopeLow,
    high,
    valueHigh,
    slopeHigh,
    cubicRef: low,
    valueCubicRef: valueLow,
    safeStepsize,
    safeValue,
    safeGrad,
  };
}

/** Algorithm 3.6: evaluate a point inside [low, high] and keep the half that still brackets. */
function zoomIntoInterval(k: ZoomConstants, pb: ZoomProblem, s: ZoomSearchState): ZoomSearchState {
  const c = (v: number) => hp(v, s.stepsize);
  const delta = jnp.abs(jnp.subtract(s.high, s.low));
  const left = jnp.minimum(s.high, s.low);
  const right = jnp.maximum(s.high, s.low);
  const strictlyInside = (x: JaxArray, margin: JaxArray) =>
    and(jnp.greater(x, jnp.add(left, margin)), jnp.less(x, jnp.subtract(right, margin)));
  const tooSmall = jnp.lessEqual(delta, c(k.intervalThreshold));

  const cubic = cubicMinimizer(s.low, s.valueLow, s.slopeLow, s.high, s.valueHigh, s.cubicRef, s.valueCubicRef);
  const useCubic = strictlyInside(cubic, jnp.multiply(c(0.2), delta));
  const quad = quadraticMinimizer(s.low, s.valueLow, s.slopeLow, s.high, s.valueHigh);
  const useQuad = and(not(useCubic), strictlyInside(quad, jnp.multiply(c(0.1), delta)));
  const bisection = jnp.divide(jnp.add(s.low, s.high), c(2));
  const middle = jnp.where(useCubic, cubic, jnp.where(useQuad, quad, bisection));
  const t = evaluate(k, pb, middle);

  // Keep the sufficient-decrease point with the smallest value.
  const betterSafe = and(jnp.lessEqual(t.decreaseError, c(k.tol)), jnp.less(t.value, s.safeValue));
  const [safeStepsize, safeValue, safeGrad] = treeWhere(
    betterSafe,
    [middle, t.value, t.grad],
    [s.safeStepsize, s.safeValue, s.safeGrad],
  );

  const done = jnp.lessEqual(t.error, c(k.tol));
  const setHighToMiddle = or(jnp.greater(t.decreaseError, c(0)), jnp.greaterEqual(t.value, s.valueLow));
  const setHighToLow = and(
    jnp.greaterEqual(jnp.multiply(t.slope, jnp.subtract(s.high, s.low)), c(0)),
    not(setHighToMiddle),
  );
  const setLowToMiddle = not(setHighToMiddle);

  const [high1, valueHigh1, slopeHigh1] = treeWhere(
    setHighToMiddle,
    [middle, t.value, t.slope],
    [s.high, s.valueHigh, s.slopeHigh],
  );
  const [high, valueHigh, slopeHigh] = treeWhere(
    setHighToLow,
    [s.low, s.valueLow, s.slopeLow],
    [high1, valueHigh1, slopeHigh1],
  );
  const [low, valueLow, slopeLow] = treeWhere(
    setLowToMiddle,
    [middle, t.value, t.slope],
    [s.low, s.valueLow, s.slopeLow],
  );
  // The endpoint that was replaced becomes the cubic's third point.
  const [cubicRef, valueCubicRef] = treeWhere(
    or(setHighToMiddle, setHighToLow),
    [s.high, s.valueHigh],
    [s.low, s.valueLow],
  );

  // Give up at the iteration limit, or once the interval is tiny and a decreasing step is known;
  // without such a step keep going, as very steep functions need very small steps.
  const maxIterReached = jnp.greaterEqual(jnp.add(s.count, 1), k.maxLinesearchSteps);
  const failed = and(or(maxIterReached, and(tooSmall, jnp.greater(safeStepsize, c(0)))), not(done));
  return {
    count: jnp.add(s.count, 1),
    stepsize: middle,
    ...t,
    intervalFound: s.intervalFound,
    done,
    failed,
    low,
    valueLow,
    slopeLow,
    high,
    valueHigh,
    slopeHigh,
    cubicRef,
    valueCubicRef,
    safeStepsize,
    safeValue,
    safeGrad,
  };
}

/** After a failure: the best sufficient-decrease step if any (or no step if values blew up). */
function trySafeStep(s: ZoomSearchState): ZoomSearchState {
  const useSafe = or(jnp.greater(s.safeStepsize, hp(0, s.safeStepsize)), jnp.isinf(s.decreaseError));
  const [stepsize, value, grad] = treeWhere(
    useSafe,
    [s.safeStepsize, s.safeValue, s.safeGrad],
    [s.stepsize, s.value, s.grad],
  );
  return { ...s, stepsize, value, grad };
}

/** One loop iteration: search or zoom depending on the phase, then the fallback on failure. */
export function zoomStep(k: ZoomConstants, pb: ZoomProblem, s: ZoomSearchState): ZoomSearchState {
  const next = lax.cond(
    s.intervalFound,
    (x: ZoomSearchState) => matchTypes(zoomIntoInterval(k, pb, x), s),
    (x: ZoomSearchState) => matchTypes(searchInterval(k, pb, x), s),
    s,
  ) as ZoomSearchState;
  const settled = lax.cond(
    next.failed,
    (x: ZoomSearchState) => trySafeStep(x),
    (x: ZoomSearchState) => x,
    next,
  ) as ZoomSearchState;
  return matchTypes(settled, s);
}

/** The loop runs until the step is good or the search has failed. */
export function zoomContinues(s: ZoomSearchState): JaxArray {
  return jnp.logicalNot(jnp.logicalOr(s.done, s.failed));
}
