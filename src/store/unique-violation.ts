/** Whether Prisma refused a write because it would break a unique constraint (P2002): another writer got there first. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
