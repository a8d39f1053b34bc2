import type { TTrackersConfig } from '../team-config/trackers-section.ts';
import { githubTicketKey } from './github-key.ts';
import type { TrackerKind } from './tracker.ts';

/** GitHub's web address for its API's: github.com for api.github.com, the host for GitHub Enterprise's /api/v3. */
const githubWebBase = (apiUrl: string): string =>
  apiUrl === 'https://api.github.com' ? 'https://github.com' : apiUrl.replace(/\/api\/v3$/, '');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The ticket a `tracker:<url>` names, when it is one of a tracker sitrep reaches (sitrep.yml's `trackers:`), so the
 * action item is kept in step with it instead of getting a new one; null for any other link, which stays a link.
 *
 * @example readTicketUrl({ url: 'https://acme.atlassian.net/browse/PAY-7', trackers }) // { kind: 'jira', key: 'PAY-7' }
 * @example readTicketUrl({ url: 'https://linear.app/acme/issue/PAY-12/retry-once', trackers }) // { kind: 'linear', key: 'PAY-12' }
 * @example readTicketUrl({ url: 'https://github.com/Acme/Web/issues/12', trackers }) // { kind: 'github', key: 'acme/web#12' }
 */
export const readTicketUrl = ({
  url,
  trackers,
}: {
  url: string;
  trackers: Pick<TTrackersConfig, 'jira' | 'linear' | 'github'>;
}): { kind: TrackerKind; key: string } | null => {
  const address = url.split(/[?#]/, 1)[0] ?? '';
  if (trackers.jira !== undefined) {
    const key = new RegExp(`^${escapeRegExp(trackers.jira.url)}/browse/([A-Z][A-Z0-9_]*-[1-9][0-9]*)/?$`).exec(
      address,
    )?.[1];
    if (key !== undefined) return { kind: 'jira', key };
  }
  if (trackers.linear !== undefined) {
    const key = /^https:\/\/linear\.app\/[^/]+\/issue\/([A-Za-z0-9]+-[1-9][0-9]*)(\/[^/]*)?\/?$/.exec(address)?.[1];
    if (key !== undefined) return { kind: 'linear', key: key.toUpperCase() };
  }
  if (trackers.github !== undefined) {
    const base = escapeRegExp(githubWebBase(trackers.github.apiUrl));
    // Ten digits at most: GitHub numbers issues well below that, and the number is read exactly.
    const match = new RegExp(`^${base}/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/issues/([1-9][0-9]{0,9})/?$`, 'i').exec(
      address,
    );
    if (match?.[1] !== undefined && match[2] !== undefined) {
      return { kind: 'github', key: githubTicketKey({ repository: match[1], number: Number(match[2]) }) };
    }
  }
  return null;
};
