// Indexing primitives: gather and the scatters, with JAX's dimension numbers and modes.
export {
  GatherScatterMode,
  type GatherDimensionNumbers,
  type GatherDimensionNumbersLike,
  type GatherScatterModeLike,
  type ScatterDimensionNumbers,
  type ScatterDimensionNumbersLike,
} from "./dimension-numbers.js";
export { gather, gatherP, type GatherOptions, type GatherParams } from "./gather.js";
export type { ScatterOptions, ScatterParams } from "./scatter-common.js";
export { scatterAdd, scatterAddP } from "./scatter-add.js";
export { scatter, scatterP } from "./scatter.js";
export { scatterMul, scatterMulP } from "./scatter-mul.js";
export { scatterMax, scatterMaxP, scatterMin, scatterMinP } from "./scatter-extremal.js";
