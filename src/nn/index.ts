// jax.nn: activations, softmax-style normalizations, oneHot.
export * from "./activations.js";
export * from "./softmax.js";
export * from "./one-hot.js";
