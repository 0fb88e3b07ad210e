// numpy's constants, as JS numbers (JAX's jnp.pi and friends are Python floats, hence weakly typed).
export const pi = Math.PI;
export const e = Math.E;
export const inf = Infinity;
export const nan = NaN;
export const eulerGamma = 0.5772156649015329;
