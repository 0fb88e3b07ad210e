// Reductions, cumulative reductions, reduce_window and sort.
export * from "./reduce-sum.js";
export * from "./reduce-max-min.js";
export * from "./reduce-prod.js";
export * from "./reduce-logical.js";
export * from "./argminmax.js";
export * from "./cumsum.js";
export * from "./cumulative.js";
export * from "./reduce-window-sum.js";
export * from "./reduce-window-max-min.js";
export type { ReduceWindowOptions, WindowPadding } from "./reduce-window-api.js";
export * from "./sort.js";
export * from "./reduce-generic.js";
