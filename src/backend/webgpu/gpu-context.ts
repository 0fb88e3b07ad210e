// Opening a GPUDevice on an adapter: the limits and features we ask for, and the per-adapter
// choices (workgroup size, dot_general tile) that the kernels are shaped by.
import { DEFAULT_TUNING, type LoweringTuning } from "../../lowering/lowering.js";

export interface GpuContext {
  readonly device: GPUDevice;
  /** "vendor architecture device", as the adapter reports it. */
  readonly adapterName: string;
  readonly hasF16: boolean;
  readonly tuning: LoweringTuning;
  readonly workgroupSize: number;
  readonly maxWorkgroupsPerDimension: number;
  readonly maxStorageBuffersPerStage: number;
  readonly maxBindingBytes: number;
}

export function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  return [info.vendor, info.architecture, info.device].filter(Boolean).join(" ") || "unknown adapter";
}

export async function openGpuContext(adapter: GPUAdapter): Promise<GpuContext> {
  const limits = adapter.limits;
  const hasF16 = adapter.features.has("shader-f16");
  const maxBindingBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const device = await adapter.requestDevice({
    requiredFeatures: hasF16 ? ["shader-f16"] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: maxBindingBytes,
      maxBufferSize: limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
    },
  });
  return {
    device,
    adapterName: describeAdapter(adapter),
    hasF16,
    // dot_general: register tiles (8x8 by default) with vec4 loads and no workgroup memory
    // (barriers cost too much on lavapipe). 8x16 ran up to 1.3x faster but took twice as long to
    // compile cold (docs/webgpu.md). No other adapter has been measured; they start here.
    tuning: { ...DEFAULT_TUNING, maxKernelBuffers: limits.maxStorageBuffersPerShaderStage },
    workgroupSize: Math.min(64, limits.maxComputeWorkgroupSizeX, limits.maxComputeInvocationsPerWorkgroup),
    maxWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
    maxStorageBuffersPerStage: limits.maxStorageBuffersPerShaderStage,
    maxBindingBytes,
  };
}
