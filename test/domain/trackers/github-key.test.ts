import { describe, expect, it } from 'vitest';
import { githubTicketKey } from '../../../src/domain/trackers/github-key.ts';
import { readTicketUrl } from '../../../src/domain/trackers/ticket-url.ts';

const trackers = { github: { apiUrl: 'https://api.github.com', tokenEnv: 'GITHUB_TOKEN' } };

describe('githubTicketKey', () => {
  it.each([
    ['acme/web', 12, 'acme/web#12'],
    ['Acme/Web', 12, 'acme/web#12'],
    ['ACME/web.site-2', 3, 'acme/web.site-2#3'],
  ])('keys %s #%i as %s', (repository, number, key) => {
    expect(githubTicketKey({ repository, number })).toBe(key);
  });

  it('gives sitrep.yml’s spelling, a webhook’s and a pasted link’s one key', () => {
    const fromTarget = githubTicketKey({ repository: 'Acme/Web', number: 12 });
    const fromWebhook = githubTicketKey({ repository: 'acme/web', number: 12 });
    const fromLink = readTicketUrl({ url: 'https://github.com/ACME/Web/issues/12', trackers });
    expect(fromWebhook).toBe(fromTarget);
    expect(fromLink).toEqual({ kind: 'github', key: fromTarget });
  });
});
