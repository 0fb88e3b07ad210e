// Reductions, cumulative reductions, reduce_window and sort.
export * from "./reduce-sum.js";
