import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import type { PostmortemFacts } from '../../src/domain/postmortem/postmortem-facts.ts';
import { buildPostmortemModel } from '../../src/domain/postmortem/postmortem-model.ts';
import { DEFAULT_TEMPLATE_PATH, loadPostmortemTemplate, renderPostmortem } from '../../src/render/postmortem.ts';
import { buildQuietFacts, buildScriptFacts, buildTeam, paris } from '../support/postmortem-script.ts';

const team = buildTeam();
const modelOf = (facts: PostmortemFacts) => buildPostmortemModel({ facts, team, now: paris('16:30') });

const renderDefault = async (facts: PostmortemFacts): Promise<string> =>
  renderPostmortem({ template: await loadPostmortemTemplate({ path: DEFAULT_TEMPLATE_PATH }), model: modelOf(facts) });

/** The error a promise or a call ends in, for assertions on its message. */
const failureOf = async (run: () => unknown): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('the default template', () => {
  it('renders every section in order', async () => {
    const document = await renderDefault(buildScriptFacts());
    const headings = document.split('\n').filter((line) => /^#{1,3} /.test(line));
    expect(headings).toEqual([
      '# Postmortem: incident 42, Checkout fails for card payments',
      '## Summary',
      '## Impact',
      '## Key times',
      '## Timeline',
      '### Mon 23 Nov 2026',
      '### Tue 24 Nov 2026',
      '## Changes before impact',
      '## Detection and response',
      '## Contributing factors',
      '## Action items',
      '### Suggested by sitrep (not accepted action items)',
      '## Lessons learned',
    ]);
  });

  it('shows the scripted numbers and questions', async () => {
    const document = await renderDefault(buildScriptFacts());
    for (const line of [
      '| checkout-api | outage | Mon 23 Nov 2026 13:58 | Mon 23 Nov 2026 15:40 | 1 hour 42 minutes |',
      // Availability over November so far at the resolution (16:05 on the 23rd in Paris); the budget over all of it.
      '| checkout-api | November 2026 | 99.9% | 102 min | 43.2 min | 236% (exceeded) | 99.687% |',
      '| Impact start | Mon 23 Nov 2026 13:58 |',
      '| Declared | Mon 23 Nov 2026 14:21 |',
      '| Declared → mitigated | 1 hour 19 minutes |',
      '- **00:10** :memo: @Ada noted: card payments **back to normal** for a night — @Ada [message](https://acme.slack.com/archives/C0INC42AA/p1)',
      '| Mon 23 Nov 2026 13:50 | checkout-api | v1.4.2 | production | artifact | succeeded [details](https://ci.example/runs/812) | alice | 8 minutes |',
      '- Why did it take 23 minutes before anybody noticed?',
      '- Why was no alert raised?',
      '- Why did checkout-api v1.4.2 pass through the pipeline?',
      '- Why did this only happen in production?',
      '| Missing test | [Add a contract test for the card provider](https://tracker.example/SIT-7) | Ada | Mon 30 Nov 2026 | open |',
    ]) {
      expect(document.split('\n')).toContain(line);
    }
    expect(document).toMatch(
      /^- \*\*Software or configuration fix\*\*: Fix the fault that made checkout-api roll back/m,
    );
    expect(document).not.toContain('Page on 5xx');
  });

  it('drops the questions and suggestions whose conditions are false', async () => {
    const document = await renderDefault(buildQuietFacts());
    expect(document).not.toContain('Why did it take');
    expect(document).not.toContain('Why was no alert raised?');
    expect(document).not.toContain('pass through the pipeline');
    expect(document).not.toContain('only happen in production');
    expect(document).toContain('sitrep has no suggestion for this incident.');
    expect(document).toContain('- How was the incident detected, and could it have been sooner?');
  });
});

describe('a team template', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sitrep-postmortem-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is used when configured, with partials from its own directory', async () => {
    const path = join(directory, 'ours.md');
    await writeFile(path, "Incident {{ incident.number }} by {{ incident.lead }}\n{% include 'questions' %}");
    await writeFile(join(directory, 'questions.md'), '{% for q in questions %}? {{ q.text }}\n{% endfor %}');
    const template = await loadPostmortemTemplate({ path });
    expect(renderPostmortem({ template, model: modelOf(buildScriptFacts()) })).toBe(
      'Incident 42 by Ada\n? Why did it take 23 minutes before anybody noticed?\n? Why was no alert raised?\n' +
        '? Why did checkout-api v1.4.2 pass through the pipeline?\n? Why did this only happen in production?\n' +
        '? What slowed down mitigation? It took 1 hour 19 minutes after the declaration.\n',
    );
  });

  it.each([
    ['an unclosed block', 'Title\n\n{% for q in questions %}\n{{ q.text }}\n', 'line 3, column 1'],
    ['an unknown filter', 'Title\n  {{ summary | shout }}\n', 'line 2, column 3: undefined filter: shout'],
    ['an unknown tag', 'One\nTwo\n{% frobnicate %}\n', 'line 3, column 1: tag "frobnicate" not found'],
  ])('with %s is refused with the line', async (_, source, where) => {
    const path = join(directory, 'broken.md');
    await writeFile(path, source);
    const error = await failureOf(() => loadPostmortemTemplate({ path }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'POSTMORTEM_TEMPLATE_INVALID' });
    expect(error instanceof AppError && error.userMessage).toContain(`broken.md ${where}`);
  });

  it('that includes a file outside its directory fails at render, naming the line', async () => {
    const path = join(directory, 'nosy.md');
    await writeFile(path, "Fine\n{% include '../../etc/passwd' %}\n");
    const template = await loadPostmortemTemplate({ path });
    const error = await failureOf(() => renderPostmortem({ template, model: modelOf(buildScriptFacts()) }));
    expect(error).toMatchObject({ code: 'POSTMORTEM_TEMPLATE_INVALID' });
    expect(error instanceof AppError && error.userMessage).toMatch(
      /nosy\.md line 2, column 1: ENOENT: Failed to lookup/,
    );
  });

  it('that is missing is refused with its name', async () => {
    const error = await failureOf(() => loadPostmortemTemplate({ path: join(directory, 'gone.md') }));
    expect(error).toMatchObject({ code: 'POSTMORTEM_TEMPLATE_INVALID' });
    expect(error instanceof AppError && error.userMessage).toContain(
      'gone.md: the postmortem template cannot be read (no such file).',
    );
  });
});

describe('the README', () => {
  it('documents every top-level variable of the postmortem model', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Postmortem template'));
    const keys = Object.keys(modelOf(buildScriptFacts()));
    expect(keys.filter((key) => !section.includes(`\`${key}\``))).toEqual([]);
  });
});
