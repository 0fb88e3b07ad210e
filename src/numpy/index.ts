// jax.numpy
export * from "./creation.js";
export * from "./creation-dtypes.js";
export * from "./creation-ranges.js";
export * from "./creation-matrix.js";
export * from "./creation-grids.js";
export * from "./elementwise.js";
export * from "./math-extra.js";
export * from "./reductions.js";
export * from "./linalg-ops.js";
export * from "./manipulation.js";
export * from "./indexing.js";
export * from "./sorting.js";
export * from "./math-diff.js";
export * from "./constants.js";
import "./methods.js";
import "./methods-math.js";
