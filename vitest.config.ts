import { defineConfig } from "vitest/config";

// Unit and integration tests; the headless-Chromium tests have their own config (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
