// Host-side members on tracers, so user code that frees or inspects arrays also runs inside
// transforms. Concrete arrays define their own (src/array.ts), which take precedence; these
// fallbacks on the shared base serve tracers, which own no buffer and live on no device.
import { ConcretizationError } from "../errors.js";
import { JaxArray } from "../tracing/array.js";

// A tracer owns no buffer: `using t = x.mul(2)` or `t.dispose()` inside a traced function has
// nothing to free, and must not touch the concrete values a JVP or batch tracer wraps.
function disposeNothing(): void {}

function tracedDevice(this: JaxArray): never {
  throw new ConcretizationError(
    `device of a traced array ${this.aval.str()}: values inside jit/grad/vmap have no device buffer; ` +
      `read x.device outside the transform, or pass the device in as a static argument`,
  );
}

const fallbacks: [PropertyKey, PropertyDescriptor][] = [
  ["dispose", { value: disposeNothing, writable: true, configurable: true }],
  [Symbol.dispose, { value: disposeNothing, writable: true, configurable: true }],
  ["device", { get: tracedDevice, configurable: true }],
];
for (const [key, descriptor] of fallbacks) {
  if (!Object.prototype.hasOwnProperty.call(JaxArray.prototype, key))
    Object.defineProperty(JaxArray.prototype, key, descriptor);
}
