// Higher-order primitives: jit calls, control flow, custom differentiation rules.
export * from "./jit-call.js";
export * from "./stop-gradient.js";
export * from "./checkpoint.js";
export { customJvpCallP } from "./custom-jvp.js";
export { customVjpCallP, customLinP } from "./custom-vjp.js";
export { condP } from "./cond.js";
export { whileP } from "./while.js";
export { scanP } from "./scan.js";
