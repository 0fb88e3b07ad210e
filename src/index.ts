// jax-ts: JAX for TypeScript.
import "./tracing/eval.js";
import "./numpy/index.js";
import "./lax/index.js";

export { JaxArray as Array, Tracer, isTracer } from "./tracing/array.js";
export { ShapedArray, ShapeDtypeStruct } from "./tracing/aval.js";
export type { DType } from "./dtypes.js";
export * from "./errors.js";
export { makeJaxpr } from "./transforms/make-jaxpr.js";
export { Jaxpr, ClosedJaxpr, typecheckJaxpr } from "./tracing/jaxpr.js";
export { devices, defaultBackend, setDefaultDevice } from "./backend/devices.js";
export { liveArrays } from "./array.js";
export * as numpy from "./numpy/index.js";
export * as lax from "./lax/index.js";
export * as tree from "./tree/index.js";
export * as nn from "./nn/index.js";
export { jvp } from "./transforms/jvp.js";
export { vmap } from "./transforms/vmap.js";
export { grad, valueAndGrad, vjp, linearize } from "./transforms/vjp.js";
export { jit } from "./transforms/jit.js";
export { customJvp, customVjp } from "./transforms/custom.js";
export { checkpoint, remat } from "./transforms/checkpoint.js";
export { evalShape } from "./transforms/eval-shape.js";
export { linearTranspose } from "./transforms/linear-transpose.js";
export { jacfwd, jacrev, hessian } from "./transforms/jacobians.js";
export { checkGrads } from "./transforms/check-grads.js";
