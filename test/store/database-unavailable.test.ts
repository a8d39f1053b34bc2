import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import { translateDatabaseOutage } from '../../src/store/database-unavailable.ts';

const fail = (error: unknown) => () => Promise.reject(error);

describe('translateDatabaseOutage', () => {
  it('answers what the work answers', async () => {
    await expect(translateDatabaseOutage(async () => 42)).resolves.toBe(42);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a server shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    [
      'a lost server behind Prisma',
      { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } },
    ],
    [
      'an outage wrapped in an AppError of another code',
      new AppError('NO_CHANGE', {
        userMessage: 'No change',
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      }),
    ],
  ])('throws %s as DATABASE_UNAVAILABLE, the driver error as its cause', async (_name, error) => {
    const thrown = await translateDatabaseOutage(fail(error)).catch((caught: unknown) => caught);
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'DATABASE_UNAVAILABLE', cause: error });
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a bug', new TypeError('undefined is not a function')],
    ['an AppError of its own', new AppError('DATABASE_UNAVAILABLE', { userMessage: 'Could not create the database' })],
    ['an AppError about what was asked', new AppError('BAD_REQUEST', { userMessage: 'Unknown service' })],
  ])('lets %s through as it was', async (_name, error) => {
    await expect(translateDatabaseOutage(fail(error))).rejects.toBe(error);
  });
});
