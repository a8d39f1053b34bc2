import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/app-error.ts';
import type { TOutboxEffect } from '../../../src/domain/outbox/outbox-effect.ts';
import { generatePostmortem } from '../../../src/jobs/outbox/generate-postmortem.ts';

const INCIDENT = '0b7f2d4e-5c1a-4b8e-9f3d-2a6c8e1b4d70';

const EFFECT: Extract<TOutboxEffect, { kind: 'postmortem.generate' }> = {
  kind: 'postmortem.generate',
  incidentId: INCIDENT,
  requestKey: 'resolve-1',
  actorId: 'U0LEAD',
};

/** Runs the handler with a draft that fails as told, and records what it said in the channel. */
const run = async (failure?: Error) => {
  const requests: unknown[] = [];
  const said: { incidentId: string; text: string }[] = [];
  const outcome = generatePostmortem(
    {
      drafts: {
        generate: async (request) => {
          requests.push(request);
          if (failure) throw failure;
        },
      },
      tell: async (line) => {
        said.push(line);
      },
    },
    EFFECT,
  );
  return { outcome, requests, said };
};

describe('generatePostmortem', () => {
  it('drafts once for the request and says nothing', async () => {
    const { outcome, requests, said } = await run();
    await outcome;
    expect(requests).toEqual([{ incidentId: INCIDENT, actorId: 'U0LEAD', requestKey: 'resolve-1' }]);
    expect(said).toEqual([]);
  });

  it('says in the incident channel why a template that cannot be used gave no draft', async () => {
    const invalid = new AppError('POSTMORTEM_TEMPLATE_INVALID', { userMessage: 'the template has an unclosed tag.' });
    const { outcome, said } = await run(invalid);
    await outcome;
    expect(said).toEqual([
      { incidentId: INCIDENT, text: ':warning: I could not draft the postmortem: the template has an unclosed tag.' },
    ]);
  });

  it('hands any other failure back to the outbox to judge', async () => {
    const down = new Error('database unreachable');
    const { outcome, said } = await run(down);
    await expect(outcome).rejects.toBe(down);
    expect(said).toEqual([]);
  });
});
