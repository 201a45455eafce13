// Public API of @stride/codegen.
export { compileGraph, checkProgram, type CompiledProgram, type CompileOptions, type LayerReport } from './compile';
export type { Program, Step, Value } from './plan/program';
export { build, bundleProgram, type Bundle, type BundleOptions, type BuildOptions, type BuildResult } from './build/build';
export { formatReport, type BuildReport } from './build/report';
export { loadNetwork } from './build/loadNetwork';
export { exportOnnx, type OnnxExportOptions } from './onnx/export';
export { decodeModel as decodeOnnxModel } from './onnx/schema';
