#!/usr/bin/env node
// The `stride` command inside this repository (`pnpm stride …` from any package that depends on
// @stride/codegen): runs the TypeScript source through tsx, the workspace's dev dependency. The packed
// package runs the compiled dist/cli.js instead (publishConfig.bin), with no tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
