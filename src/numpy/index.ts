// jax.numpy
export * from "./creation.js";
export * from "./elementwise.js";
export * from "./reductions.js";
import "./methods.js";
