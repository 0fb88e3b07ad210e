import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // Lets the memory tests force collection and observe the FinalizationRegistry backstop.
    execArgv: ["--expose-gc"],
    setupFiles: ["test/setup/default-device.ts"],
  },
});
