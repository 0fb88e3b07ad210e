// jax.nn (being written)
export {};
