import { STATUS_LABELS } from '../../../domain/incident/incident.ts';
import type { PublicUpdateView } from '../../../domain/status-page/public-incident.ts';
import type { PublicDisruption, StatusPageView } from '../../../domain/status-page/status-page-view.ts';
import { createWallClock, dayOf, labelDay, labelTime } from '../../../domain/time/wall-clock.ts';
import { html } from '../html.ts';
import { keepXmlCharacters } from '../xml-text.ts';
import { slugifyPublicName } from './service-slug.ts';

export type StatusFeedOptions = {
  view: StatusPageView;
  /** The HTML page's address: absolute when PUBLIC_URL is set, `/status` otherwise. */
  pageUrl: string;
};

type Entry = { id: string; title: string; published: Date; updated: Date; content: string };

const latest = (instants: Date[]): Date => new Date(Math.max(...instants.map((instant) => instant.getTime())));

const describeUpdates = (updates: PublicUpdateView[], when: (instant: Date) => string): string[] =>
  updates.map((update) => `${STATUS_LABELS[update.status]} · ${when(update.postedAt)}: ${update.text}`);

const describeDisruption = (
  disruption: PublicDisruption,
  { base, when }: { base: string; when: (instant: Date) => string },
): Entry => {
  const kind = disruption.kind === 'outage' ? 'Outage' : 'Degraded performance';
  const span =
    disruption.endedAt === null
      ? `from ${when(disruption.startedAt)}, still going on`
      : `from ${when(disruption.startedAt)} to ${when(disruption.endedAt)}`;
  return {
    id: `${base}:incident:${disruption.key}`,
    title: disruption.title ?? `${kind}: ${disruption.services.join(', ')}`,
    published: disruption.startedAt,
    updated: latest([
      disruption.startedAt,
      ...(disruption.endedAt === null ? [] : [disruption.endedAt]),
      ...disruption.updates.map((update) => update.postedAt),
    ]),
    content: [
      `${disruption.services.join(', ')}: ${kind.toLowerCase()} ${span}.`,
      ...describeUpdates(disruption.updates, when),
    ].join('\n'),
  };
};

/** The entries: each disruption, each incident under way that no disruption carries yet, and each maintenance. */
const listEntries = (view: StatusPageView, base: string): Entry[] => {
  const clock = createWallClock(view.zone);
  const when = (instant: Date): string => {
    const wall = clock(instant);
    return `${labelDay(dayOf(wall))} ${labelTime(wall)} (${view.zone})`;
  };
  const disruptions = view.history.map((disruption) => describeDisruption(disruption, { base, when }));
  const inHistory = new Set(view.history.map((disruption) => disruption.key));
  const underWay = view.active
    .filter((incident) => !inHistory.has(incident.key) && incident.updates.length > 0)
    .map((incident): Entry => {
      const first = incident.updates.at(-1)?.postedAt ?? view.generatedAt;
      return {
        id: `${base}:incident:${incident.key}`,
        title: incident.title,
        published: first,
        updated: incident.updates[0]?.postedAt ?? first,
        content: [`Affects ${incident.services.join(', ')}.`, ...describeUpdates(incident.updates, when)].join('\n'),
      };
    });
  const maintenance = view.maintenance.map(
    (window): Entry => ({
      id: `${base}:maintenance:${window.startsAt.getTime().toString(36)}:${window.services.map(slugifyPublicName).join('-')}`,
      title: `Scheduled maintenance: ${window.services.join(', ')}`,
      // Announced now for later: an entry dated in the future would sit atop readers' lists until then.
      published: new Date(Math.min(window.startsAt.getTime(), view.generatedAt.getTime())),
      updated: new Date(Math.min(window.startsAt.getTime(), view.generatedAt.getTime())),
      content: `${when(window.startsAt)} to ${when(window.endsAt)}${window.inProgress ? ' (in progress)' : ''}. ${window.text}`,
    }),
  );
  return [...disruptions, ...underWay, ...maintenance].toSorted((a, b) => b.updated.getTime() - a.updated.getTime());
};

/**
 * `/status/feed.atom`: an Atom feed (RFC 4287) of the page's disruptions of the last 90 days with what people
 * published about them, incidents under way and scheduled maintenance, newest first. Ids are URNs made of the page's
 * slug and each entry's first instant, so they stay the same wherever sitrep is reached. Made from the public view
 * alone; every text is escaped, and characters XML cannot carry are left out.
 */
export const renderStatusFeed = ({ view, pageUrl }: StatusFeedOptions): string => {
  const base = `urn:sitrep:status:${slugifyPublicName(view.title)}`;
  const entries = listEntries(view, base);
  const updated = entries[0]?.updated ?? view.generatedAt;
  const feed = html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${base}</id>
<title>${view.title}</title>
<updated>${updated.toISOString()}</updated>
<link rel="alternate" type="text/html" href="${pageUrl}"/>
<author><name>${view.title}</name></author>
${entries.map(
  (entry) => html`<entry>
<id>${entry.id}</id>
<title type="text">${entry.title}</title>
<published>${entry.published.toISOString()}</published>
<updated>${entry.updated.toISOString()}</updated>
<link rel="alternate" type="text/html" href="${pageUrl}"/>
<content type="text">${entry.content}</content>
</entry>
`,
)}</feed>
`.text;
  return keepXmlCharacters(feed);
};
