// Shape primitives.
export * from "./broadcast-in-dim.js";
export * from "./reshape.js";
export * from "./transpose.js";
export * from "./convert-element-type.js";
