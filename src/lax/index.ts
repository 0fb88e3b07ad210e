// The strict lax layer: one wrapper per primitive, no implicit broadcasting or promotion.
// Importing it registers every primitive. Each family owns its own index file.
export * from "../primitives/elementwise/unary.js";
export * from "../primitives/elementwise/special.js";
export * from "../primitives/elementwise/binary.js";
export * from "../primitives/elementwise/compare.js";
export * from "../primitives/elementwise/bitwise.js";
export * from "../primitives/elementwise/select.js";
export * from "../primitives/reductions/index.js";
export * from "../primitives/shape/index.js";
export * from "../primitives/indexing/index.js";
export * from "../primitives/linalg/index.js";
export * from "../primitives/random-bits.js";
export * from "../primitives/control/index.js";
export * from "./control-flow.js";
export { map, type MapOptions } from "./extras-map.js";
export * from "./extras-associative-scan.js";
export * from "./extras-top-k.js";
