import { describe, expect, it } from 'vitest';
import { toEmailError } from '../../src/email/smtp-mailer.ts';
import { runEmailEffect } from '../../src/jobs/outbox/email/run-email-effect.ts';
import { judgeOutboxFailure } from '../../src/jobs/outbox/judge-outbox-failure.ts';

const smtpError = (message: string, fields: { code?: string; responseCode?: number; command?: string }) =>
  Object.assign(new Error(message), fields);

describe('how a mail server’s refusal is judged', () => {
  it.each([
    ['a 421 (try later)', 'retry', smtpError('421 busy', { code: 'EENVELOPE', responseCode: 421 })],
    ['a 451 to the data', 'retry', smtpError('451 local error', { code: 'EMESSAGE', responseCode: 451 })],
    ['a refused connection', 'retry', smtpError('connect ECONNREFUSED', { code: 'ESOCKET' })],
    ['a timeout', 'retry', smtpError('Greeting never received', { code: 'ETIMEDOUT' })],
    [
      'a 550 for the recipient',
      'settle',
      smtpError('550 no such user', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }),
    ],
    [
      'a 553 for the sender, which every email would get',
      'hold',
      smtpError('553 sender not allowed', { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' }),
    ],
    [
      'a 550 daily quota at the sender',
      'hold',
      smtpError('550 5.4.5 Daily sending quota exceeded', {
        code: 'EENVELOPE',
        responseCode: 550,
        command: 'MAIL FROM',
      }),
    ],
    [
      'a 554 for the content',
      'hold',
      smtpError('554 rejected', { code: 'EMESSAGE', responseCode: 554, command: 'DATA' }),
    ],
    ['a 535 to the login', 'hold', smtpError('535 bad credentials', { code: 'EAUTH', responseCode: 535 })],
  ])('%s: %s', (_what, verdict, error) => {
    const judged = judgeOutboxFailure(toEmailError(error));
    const kind = 'settle' in judged ? 'settle' : 'retry' in judged && judged.retry ? 'retry' : 'hold';
    expect(kind).toBe(verdict);
  });
});

describe('an email effect where email is off', () => {
  it('is held for a person with the reason, never done unsent', async () => {
    const effect = {
      kind: 'email.notify' as const,
      subscriptionId: '5a4c1f43-8a3e-4c43-9d59-4a4c6f0a9b11',
      notice: { about: 'update' as const, incidentId: '0b8c7c0e-0c43-4a1c-9a0b-1f0c8e6d7a22', requestKey: 'T1' },
    };
    const failure = await runEmailEffect(undefined, effect).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(judgeOutboxFailure(failure)).toEqual({
      retry: false,
      reason: 'Email is off here: set SMTP_URL, SMTP_FROM and PUBLIC_URL (and a statusPage) to send it',
    });
  });
});
