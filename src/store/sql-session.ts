/**
 * One database session for raw SQL: migrations (which need a session-level advisory lock) and health checks.
 * Implemented over a PGlite instance or a dedicated `pg` client, so the migrator runs unchanged on both.
 */
export type SqlSession = {
  query: <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>;
  /** Runs a multi-statement script with the simple query protocol, as one implicit transaction. */
  exec: (script: string) => Promise<void>;
};
