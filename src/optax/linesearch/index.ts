// optax's line searches, as gradient transformations taking extra { value, grad, valueFn }.
export {
  scaleByBacktrackingLinesearch,
  type ScaleByBacktrackingLinesearchState,
  type BacktrackingLinesearchInfo,
  type BacktrackingLinesearchOptions,
} from "./backtracking.js";
export {
  scaleByZoomLinesearch,
  type ScaleByZoomLinesearchState,
  type ZoomLinesearchInfo,
  type ZoomLinesearchOptions,
} from "./zoom.js";
export { valueAndGradFromState, type FromStateOptions } from "./value-and-grad-from-state.js";
export type { ValueFn, LinesearchExtraArgs } from "./common.js";
