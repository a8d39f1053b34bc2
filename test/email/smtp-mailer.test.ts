import { describe, expect, it } from 'vitest';
import { toEmailError } from '../../src/email/smtp-mailer.ts';
import { judgeOutboxFailure } from '../../src/jobs/outbox/judge-outbox-failure.ts';

const smtpError = (message: string, fields: { code?: string; responseCode?: number }) =>
  Object.assign(new Error(message), fields);

describe('how a mail server’s refusal is judged', () => {
  it.each([
    ['a 421 (try later)', 'retry', smtpError('421 busy', { code: 'EENVELOPE', responseCode: 421 })],
    ['a 451 to the data', 'retry', smtpError('451 local error', { code: 'EMESSAGE', responseCode: 451 })],
    ['a refused connection', 'retry', smtpError('connect ECONNREFUSED', { code: 'ESOCKET' })],
    ['a timeout', 'retry', smtpError('Greeting never received', { code: 'ETIMEDOUT' })],
    ['a 550 for the recipient', 'settle', smtpError('550 no such user', { code: 'EENVELOPE', responseCode: 550 })],
    ['a 554 for the message', 'settle', smtpError('554 rejected', { code: 'EMESSAGE', responseCode: 554 })],
    ['a 535 to the login', 'hold', smtpError('535 bad credentials', { code: 'EAUTH', responseCode: 535 })],
  ])('%s: %s', (_what, verdict, error) => {
    const judged = judgeOutboxFailure(toEmailError(error));
    const kind = 'settle' in judged ? 'settle' : 'retry' in judged && judged.retry ? 'retry' : 'hold';
    expect(kind).toBe(verdict);
  });
});
