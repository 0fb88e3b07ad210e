// WebGPU's flag values (from the specification), so the backend does not depend on the
// GPUBufferUsage/GPUMapMode/GPUShaderStage globals being installed.
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;

export const ShaderStage = { COMPUTE: 0x4 } as const;
