// Public API of @stride/codegen.
export { compileGraph, checkProgram, type CompiledProgram, type CompileOptions, type LayerReport } from './compile.js';
export type { Program, Step, Value } from './plan/program.js';
export { build, bundleProgram, type Bundle, type BundleOptions, type BuildOptions, type BuildResult } from './build/build.js';
export { formatReport, type BuildReport } from './build/report.js';
export { loadNetwork } from './build/loadNetwork.js';
export { exportOnnx, type OnnxExportOptions } from './onnx/export.js';
export { decodeModel as decodeOnnxModel } from './onnx/schema.js';
