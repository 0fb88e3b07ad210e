// Shape primitives and the lax wrappers built from them.
export * from "./broadcast-in-dim.js";
export * from "./reshape.js";
export * from "./transpose.js";
export * from "./convert-element-type.js";
export * from "./squeeze.js";
export * from "./expand-dims.js";
export * from "./rev.js";
export * from "./concatenate.js";
export * from "./pad.js";
export * from "./slice.js";
export * from "./dynamic-slice.js";
export * from "./dynamic-update-slice.js";
export * from "./iota.js";
export * from "./bitcast-convert-type.js";
export * from "./broadcast.js";
export * from "./full.js";
export * from "./collapse.js";
