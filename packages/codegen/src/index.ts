// Public API of @stride/codegen. Each area adds its own export lines.
export {};
