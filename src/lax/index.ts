// The strict lax layer: one wrapper per primitive, no implicit broadcasting or promotion.
export * from "../primitives/elementwise/unary.js";
export * from "../primitives/elementwise/binary.js";
export * from "../primitives/shape/broadcast-in-dim.js";
export * from "../primitives/shape/reshape.js";
export * from "../primitives/shape/transpose.js";
export * from "../primitives/shape/convert-element-type.js";
export * from "../primitives/reductions/reduce-sum.js";
