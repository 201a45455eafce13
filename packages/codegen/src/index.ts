// Public API of @stride/codegen.
export { compileGraph, resolveTarget, targets, type CompiledProgram, type CompileOptions, type CompileReport, type LayerReport } from './compile.js';
export { checkProgram } from './plan/check.js';
export { planMemory, type MemoryPlan } from './plan/memory.js';
export type { Program, Step, StepOf, StepKind, Value, WeightRef } from './plan/program.js';
export type { KernelChoice, Target, TargetArtifact, TargetName, TargetPlan } from './target.js';
export { build, bundleProgram, sidecarUrlForm, type Bundle, type BundleOptions, type BuildOptions, type BuildResult } from './build/build.js';
export { formatReport, type BuildReport } from './build/report.js';
export { loadNetwork } from './build/loadNetwork.js';
export { exportOnnx, type OnnxExportOptions } from './onnx/export.js';
export { decodeModel as decodeOnnxModel } from './onnx/schema.js';
export { importOnnx, importOnnxFile, writeSource, type OnnxImport, type OnnxImportOptions, type ImportFileOptions, type ImportFileResult } from './onnx/import/index.js';
export { strideEsbuild } from './plugins/esbuild.js';
export { strideVite, type StrideVitePlugin } from './plugins/vite.js';
export { StridePluginError, type StridePluginOptions } from './plugins/core.js';
export { wasmTargetWith, type WasmTargetOptions } from './emit/wasm/target.js';
export type { SplitPolicy, SplitStep, ThreadSchedule } from './emit/wasm/threads.js';
