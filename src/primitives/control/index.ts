// Higher-order primitives: jit calls, control flow, custom differentiation rules. Only the
// primitives and `stopGradient` are public (re-exported by lax); internals stay in their files.
export { jitP } from "./jit-call.js";
export { stopGradientP, stopGradient } from "./stop-gradient.js";
export { checkpointP } from "./checkpoint.js";
export { customJvpCallP } from "./custom-jvp.js";
export { customVjpCallP, customLinP } from "./custom-vjp.js";
export { condP } from "./cond.js";
export { whileP } from "./while.js";
export { scanP } from "./scan.js";
