import { AppError } from '../../../src/domain/app-error.ts';

/** What the person is told when a flow refuses: the AppError's code and user message; fails on anything else. */
export const readRefusal = async (promise: Promise<unknown>): Promise<{ code: string; userMessage: string }> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, userMessage: error.userMessage };
};
