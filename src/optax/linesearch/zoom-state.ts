// The carry of the zoom line search's while loop (optax's ZoomLinesearchState without the fixed
// inputs, which the loop closes over instead of carrying).
import type { JaxArray } from "../../tracing/array.js";

export interface ZoomSearchState {
  count: JaxArray;
  /** The last trial: its stepsize, value, gradient and slope along the direction. */
  stepsize: JaxArray;
  value: JaxArray;
  grad: unknown;
  slope: JaxArray;
  decreaseError: JaxArray;
  curvatureError: JaxArray;
  error: JaxArray;
  /** Phase switch: searching for a bracketing interval, then zooming into it. */
  intervalFound: JaxArray;
  done: JaxArray;
  failed: JaxArray;
  /** The interval: value(high) >= value(low), whichever stepsize is larger. */
  low: JaxArray;
  valueLow: JaxArray;
  slopeLow: JaxArray;
  high: JaxArray;
  valueHigh: JaxArray;
  slopeHigh: JaxArray;
  /** The third point of the cubic interpolation. */
  cubicRef: JaxArray;
  valueCubicRef: JaxArray;
  /** The best stepsize with sufficient decrease so far, kept in case curvature can't be met. */
  safeStepsize: JaxArray;
  safeValue: JaxArray;
  safeGrad: unknown;
}

/** What stays fixed during one search: where it starts and in which direction. */
export interface ZoomProblem {
  params: unknown;
  updates: unknown;
  stepsizeGuess: JaxArray;
  valueInit: JaxArray;
  slopeInit: JaxArray;
  /** `params -> [value, grad]` of the objective. */
  valueAndGrad: (params: unknown) => [JaxArray, unknown];
}
