/**
 * Where a target's executor module lives, for the bundle entry to import it. Resolved as an ES
 * module import (`import.meta.resolve`): the published packages export `import` conditions only.
 */
import { fileURLToPath } from 'node:url';

export function executorPath(specifier: string): string {
  return fileURLToPath(import.meta.resolve(specifier));
}
