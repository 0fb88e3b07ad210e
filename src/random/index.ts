// jax.random: counter-based pseudorandom numbers from explicit keys, bit-exact with JAX's default
// threefry2x32 PRNG (jax_threefry_partitionable=True, the default since JAX 0.5). Keys are uint32
// arrays of shape [2]; every sampler is built from lax primitives, so it works under jit, vmap
// and grad, and gives the same values on every backend.
export { key, PRNGKey, keyData, wrapKeyData, type KeyArray } from "./key.js";
export { split, foldIn } from "./split.js";
export { bits, type BitsOptions } from "./bits.js";
export { uniform, type UniformOptions } from "./uniform.js";
export { normal, truncatedNormal, type NormalOptions } from "./normal.js";
export { gumbel, exponential, laplace, logistic, cauchy, type FloatSampleOptions } from "./continuous.js";
export { bernoulli, rademacher, type RademacherOptions } from "./bernoulli.js";
export { randint, type RandintOptions } from "./randint.js";
export { categorical, type CategoricalOptions } from "./categorical.js";
export { permutation, type PermutationOptions } from "./permutation.js";
export { choice, type ChoiceOptions } from "./choice.js";
export { gamma, loggamma, type GammaOptions } from "./gamma.js";
export { beta, dirichlet, chisquare, f, t, type FamilyOptions } from "./gamma-family.js";
export { poisson, type PoissonOptions } from "./poisson.js";
export { generalizedNormal, ball, maxwell, rayleigh, type RadialOptions } from "./radial.js";
export { multivariateNormal, type MultivariateNormalOptions } from "./multivariate-normal.js";
export { orthogonal, type OrthogonalOptions } from "./orthogonal.js";
