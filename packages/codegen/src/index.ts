// Public API of @stride/codegen.
export { compileGraph, checkProgram, type CompiledProgram, type CompileOptions, type LayerReport } from './compile';
export type { Program, Step, Value } from './plan/program';
