// Compute pipelines cached by WGSL text and entry point (compilation is the slow part, seconds for
// a training step's kernels on lavapipe), with explicit bind group layouts per operand count so
// bindings a kernel happens not to read still bind.
import { ShaderStage } from "./gpu-constants.js";

export class PipelineCache {
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  readonly #layouts = new Map<string, GPUBindGroupLayout>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.#pipelines.size;
  }

  layout(inputs: number, outputs: number): GPUBindGroupLayout {
    const key = `${inputs}/${outputs}`;
    let layout = this.#layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < inputs + outputs; i++) {
        entries.push({
          binding: i,
          visibility: ShaderStage.COMPUTE,
          buffer: { type: i < inputs ? "read-only-storage" : "storage" },
        });
      }
      layout = this.device.createBindGroupLayout({ entries });
      this.#layouts.set(key, layout);
    }
    return layout;
  }

  pipeline(code: string, entryPoint: string, inputs: number, outputs: number, label: string): GPUComputePipeline {
    const key = `${entryPoint}\n${code}`;
    let pipeline = this.#pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ code, label });
      pipeline = this.device.createComputePipeline({
        label,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [this.layout(inputs, outputs)] }),
        compute: { module, entryPoint },
      });
      this.#pipelines.set(key, pipeline);
    }
    return pipeline;
  }
}
