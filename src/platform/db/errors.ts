/** True when `error` is PostgreSQL's unique_violation (23505), on pg and PGlite alike. */
export function isUniqueViolation(
  error: unknown,
): error is { code: string; constraint?: string; message: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** The constraint a unique violation names, from the driver's field or, failing that, its message. */
export function violatedConstraint(error: { constraint?: string; message: string }): string | undefined {
  return error.constraint ?? /constraint "([^"]+)"/.exec(error.message)?.[1];
}
