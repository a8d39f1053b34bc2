import { AppError } from '../domain/app-error.ts';
import type { IncidentView } from '../domain/incident/incident.ts';
import { keyEffects } from '../domain/outbox/outbox-effect.ts';
import { describeNote } from '../domain/slack-lines/incident-lines.ts';
import { escapeTypedText } from '../domain/text/escape-mrkdwn.ts';
import { readNoteTime } from '../domain/time/note-time.ts';
import type { IncidentStore } from '../store/incident-store.ts';
import type { SlackUserStore } from '../store/slack-user-store.ts';
import type { TimelineFile, TimelineRow, TimelineStore } from '../store/timeline-store.ts';
import type { IncidentTarget } from './incident-flows.ts';

/** What the timeline needs to read from Slack; the Slack layer implements it with the Web API. */
export type SlackReader = {
  /** The message with how many 📌 it carries now; undefined when it no longer exists. */
  readMessage: (options: { channelId: string; ts: string }) => Promise<SlackMessageRead | undefined>;
  permalink: (options: { channelId: string; ts: string }) => Promise<string | null>;
  /** The person's IANA time zone from users.info. */
  fetchUserZone: (userId: string) => Promise<{ name: string | null; tz: string }>;
};

export type SlackMessageRead = { text: string; userId: string | null; files: TimelineFile[]; pushpins: number };

export type TimelineFlowDeps = {
  incidents: IncidentStore;
  timeline: TimelineStore;
  users: SlackUserStore;
  /** Reads a person waits on (a note's zone, a message for the shortcut): they give up within seconds. */
  reader: SlackReader;
  /** Reads behind an event Slack will not send again (a 📌): they wait out an outage, or the 📌 is lost. */
  eventReader: SlackReader;
  findTarget: (target: IncidentTarget) => Promise<IncidentView>;
  teamTimeZone: string;
  now: () => Date;
  onEffects: () => void;
};

export type TimelineFlows = ReturnType<typeof createTimelineFlows>;

/** A cached time zone is trusted for a day; people rarely move, and a stale zone is better than none. */
const ZONE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Slack's message ts is seconds since the epoch with microseconds: `1795432161.283000`. */
const instantOfTs = (ts: string): Date => new Date(Math.round(Number(ts) * 1000));

/** The person's zone: cached for a day, fetched from Slack otherwise, the team's when Slack cannot say. */
export const createZoneLookup = ({
  users,
  reader,
  teamTimeZone,
  now,
}: Pick<TimelineFlowDeps, 'users' | 'reader' | 'teamTimeZone' | 'now'>) => {
  return async (userId: string): Promise<string> => {
    const cached = await users.find(userId);
    if (cached && now().getTime() - cached.fetchedAt.getTime() < ZONE_MAX_AGE_MS) return cached.tz;
    try {
      const fetched = await reader.fetchUserZone(userId);
      await users.save({ userId, name: fetched.name, tz: fetched.tz, fetchedAt: now() });
      return fetched.tz;
    } catch {
      return cached?.tz ?? teamTimeZone;
    }
  };
};

type CaptureRequest = {
  incident: IncidentView;
  channelId: string;
  ts: string;
  source: 'reaction' | 'shortcut';
  message: Omit<SlackMessageRead, 'pushpins'>;
  via: SlackReader;
};

type MessageRef = { channelId: string; ts: string };

const captureMessage =
  ({ timeline }: Pick<TimelineFlowDeps, 'timeline'>) =>
  async ({ incident, channelId, ts, source, message, via }: CaptureRequest): Promise<boolean> =>
    timeline.captureMessage({
      incidentId: incident.id,
      channelId,
      ts,
      source,
      occurredAt: instantOfTs(ts),
      actorId: message.userId,
      text: message.text,
      permalink: await via.permalink({ channelId, ts }).catch(() => null),
      files: message.files,
    });

/** `/incident note [14:05] text`: on the timeline at the time given (in the author's zone), and in the channel. */
const addNote =
  ({
    incidents,
    findTarget,
    now,
    onEffects,
    zoneOf,
  }: TimelineFlowDeps & { zoneOf: (userId: string) => Promise<string> }) =>
  async (target: IncidentTarget, options: { text: string; actorId: string; requestKey: string }) => {
    const incident = await findTarget(target);
    const zone = await zoneOf(options.actorId);
    const at = now();
    const read = readNoteTime(options.text, { now: at, zone });
    if (read.kind === 'refused') throw new AppError('BAD_REQUEST', { userMessage: read.message });
    const occurredAt = read.kind === 'at' ? read.occurredAt : at;
    const line = describeNote({
      actorId: options.actorId,
      text: read.text,
      ...(read.kind === 'at' ? { backdatedTo: read.occurredAt } : {}),
    });
    const naturalKey = `note:${options.requestKey}`;
    await incidents.applyChange({
      incidentId: incident.id,
      timeline: {
        naturalKey,
        source: 'command',
        occurredAt,
        actorId: options.actorId,
        text: escapeTypedText(read.text),
      },
      effects: keyEffects(`${incident.id}:${naturalKey}`, [
        { kind: 'incident.post', incidentId: incident.id, text: line },
      ]),
    });
    onEffects();
    return { incident, occurredAt, zone, backdated: read.kind === 'at' };
  };

/** A 📌 on a message in an incident channel; elsewhere it means nothing to sitrep. */
const captureReaction =
  (deps: TimelineFlowDeps) =>
  async ({ channelId, ts }: MessageRef): Promise<boolean> => {
    const incident = await deps.incidents.findByChannel(channelId);
    if (!incident) return false;
    const message = await deps.eventReader.readMessage({ channelId, ts });
    if (!message || message.pushpins === 0) return false;
    return captureMessage(deps)({ incident, channelId, ts, source: 'reaction', message, via: deps.eventReader });
  };

/** A 📌 came off: when it was the last one, the entry it made goes too. */
const releaseReaction =
  ({ incidents, eventReader, timeline }: TimelineFlowDeps) =>
  async ({ channelId, ts }: MessageRef): Promise<boolean> => {
    const incident = await incidents.findByChannel(channelId);
    if (!incident) return false;
    const message = await eventReader.readMessage({ channelId, ts });
    if (message && message.pushpins > 0) return false;
    return (await timeline.removeReactionCapture({ incidentId: incident.id, channelId, ts })) > 0;
  };

/** The message shortcut, from any channel, into the incident it names or the one of its channel. */
const captureShortcut =
  (deps: TimelineFlowDeps) =>
  async (target: IncidentTarget, options: MessageRef & { message: Omit<SlackMessageRead, 'pushpins'> }) => {
    const incident = await deps.findTarget(target);
    const created = await captureMessage(deps)({ incident, ...options, source: 'shortcut', via: deps.reader });
    return { incident, created };
  };

/** A message as it is now in Slack, for a capture whose text did not travel with the request. */
const readMessage =
  ({ reader }: Pick<TimelineFlowDeps, 'reader'>) =>
  async (options: MessageRef): Promise<Omit<SlackMessageRead, 'pushpins'>> => {
    const message = await reader.readMessage(options);
    if (!message) throw new AppError('NOT_FOUND', { userMessage: 'That message no longer exists in Slack.' });
    return message;
  };

/**
 * The timeline: notes typed with `/incident note`, messages captured with a 📌 or the message shortcut, and what
 * happens to those messages afterwards in Slack. Every capture is keyed by its source, so repeats change nothing.
 */
export const createTimelineFlows = (deps: TimelineFlowDeps) => {
  const zoneOf = createZoneLookup(deps);
  const { timeline, findTarget, now } = deps;
  return {
    zoneOf,
    addNote: addNote({ ...deps, zoneOf }),
    captureReaction: captureReaction(deps),
    releaseReaction: releaseReaction(deps),
    captureShortcut: captureShortcut(deps),
    readMessage: readMessage(deps),
    messageChanged: (options: MessageRef & { text: string; files: TimelineFile[] }) =>
      timeline.updateMessage({ ...options, at: now() }),
    messageDeleted: (options: MessageRef) => timeline.markMessageDeleted({ ...options, at: now() }),
    listTimeline: async (target: IncidentTarget): Promise<{ incident: IncidentView; rows: TimelineRow[] }> => {
      const incident = await findTarget(target);
      return { incident, rows: await timeline.listForIncident(incident.id) };
    },
  };
};
