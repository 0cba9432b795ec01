#!/usr/bin/env node
// The `baokan` bin: registers tsx's loader, then runs the TypeScript CLI as it is (no build step).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
