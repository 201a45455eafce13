/** Where a target's executor module lives, for the bundle entry to import it. */
import { createRequire } from 'node:module';

export function executorPath(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}
