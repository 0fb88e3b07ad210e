// jax.nn: activations, softmax-style normalizations, oneHot, initializers.
export * from "./activations.js";
export * from "./softmax.js";
export * from "./one-hot.js";
export * as initializers from "./initializers.js";
