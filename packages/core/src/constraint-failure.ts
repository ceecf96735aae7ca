/**
 * The text of a failed write, where libSQL names the constraint it broke (`UNIQUE constraint failed:
 * t.c`, `CHECK constraint failed: name`): the client wraps the engine's error as the `cause`.
 */
export function constraintFailure(error: unknown): string {
  return `${String((error as { cause?: unknown })?.cause ?? "")} ${String(error)}`;
}
