import { z } from 'zod';
import { ZEmailNotice } from '../email/email-notice.ts';

/**
 * The person a direct message was for when it was written: it names the DM's queue (see `orderingKeyOf`). Who gets
 * the message is read again when it runs (an action handed over since goes to its new owner). Optional because
 * messages written before it existed lack it.
 */
const recipientId = z.string().min(1).optional();

/**
 * A side effect of a change (mostly a Slack call; drafting a postmortem is one too), written to the outbox in the
 * same transaction as the change that causes it and carried out later by the outbox job, so a Slack outage delays it
 * but never loses it. Each is safe to run again.
 */
export const ZOutboxEffect = z.discriminatedUnion('kind', [
  /**
   * Create the incident's channel (once per incident, and once more per `/incident channel`: `again`), invite
   * responders, set the topic, post and pin the summary.
   */
  z.object({ kind: z.literal('incident.open_channel'), incidentId: z.uuid(), again: z.literal(true).optional() }),
  /** Bring the pinned summary and the topic in line with the incident as it is now. */
  z.object({ kind: z.literal('incident.refresh'), incidentId: z.uuid() }),
  /** Invite people to the incident channel (a new role holder); those already in it are skipped. */
  z.object({ kind: z.literal('incident.invite'), incidentId: z.uuid(), userIds: z.array(z.string()).min(1) }),
  /** Post one line in the incident channel. */
  z.object({ kind: z.literal('incident.post'), incidentId: z.uuid(), text: z.string().min(1) }),
  /** Tell the announcements channel. */
  z.object({
    kind: z.literal('incident.announce'),
    incidentId: z.uuid(),
    /** `channel`: an incident announced as having none got one (`/incident channel`). */
    about: z.enum(['declared', 'severity', 'resolved', 'channel']),
    fromSeverity: z.number().int().optional(),
    /** The severity it changed to, as two quick changes must each announce their own (absent in older messages). */
    toSeverity: z.number().int().optional(),
  }),
  /**
   * Post one line in the announcements channel: about an incident (an error budget it pushed past a threshold), or,
   * without `incidentId`, about no incident (maintenance scheduled or cancelled).
   */
  z.object({ kind: z.literal('announcements.post'), incidentId: z.uuid().optional(), text: z.string().min(1) }),
  /**
   * Draft the postmortem as a new version (once per `requestKey`, however often this runs) and deliver it; a
   * template that cannot be used is said in the incident channel instead.
   */
  z.object({
    kind: z.literal('postmortem.generate'),
    incidentId: z.uuid(),
    requestKey: z.string().min(1),
    actorId: z.string().nullable(),
  }),
  /** Create the version's canvas in the incident channel and share its Markdown file there, each once. */
  z.object({ kind: z.literal('postmortem.deliver'), incidentId: z.uuid(), postmortemId: z.uuid() }),
  /** Bookmark the version's canvas in the incident channel, unless a bookmark already links to it. */
  z.object({ kind: z.literal('postmortem.bookmark'), incidentId: z.uuid(), postmortemId: z.uuid() }),
  /**
   * Send the lead a direct message with the link to the version's canvas; `editedBy` when a person saved the version
   * on the web (`pageUrl` is its page there), rather than sitrep drafting it.
   */
  z.object({
    kind: z.literal('postmortem.notify_lead'),
    incidentId: z.uuid(),
    postmortemId: z.uuid(),
    editedBy: z.string().min(1).optional(),
    pageUrl: z.url().optional(),
  }),
  /** Bring the action items table of the newest postmortem version (stored and canvas) in line with the actions. */
  z.object({ kind: z.literal('postmortem.sync_actions'), incidentId: z.uuid() }),
  /** Tell an action's owner it is theirs now (someone else added it or handed it over). */
  z.object({ kind: z.literal('action.assigned'), actionId: z.uuid(), ownerId: z.string().min(1) }),
  /** Remind an action's owner; skipped when the action is closed by the time it runs. */
  z.object({
    kind: z.literal('action.remind'),
    actionId: z.uuid(),
    reminder: z.enum(['day_before', 'due', 'overdue']),
    day: z.iso.date(),
    businessDaysOverdue: z.number().int().min(0),
    recipientId,
  }),
  /** Tell the incident lead that an action is overdue; skipped when it is closed by then. */
  z.object({
    kind: z.literal('action.escalate'),
    actionId: z.uuid(),
    day: z.iso.date(),
    businessDaysOverdue: z.number().int().min(0),
    recipientId,
  }),
  /** The weekly digest of open and overdue actions, per service, in the announcements channel. */
  z.object({ kind: z.literal('actions.digest'), day: z.iso.date() }),
  /** Publish a person's App Home again, so it shows their actions as they are now. */
  z.object({ kind: z.literal('home.refresh'), userId: z.string().min(1) }),
  /**
   * Page the service's on-call through PagerDuty (an Events API v2 trigger keyed by incident and service, so sending
   * it again adds nothing), then say so once in the incident channel.
   */
  z.object({
    kind: z.literal('page.trigger'),
    incidentId: z.uuid(),
    service: z.string().min(1),
    reason: z.string().min(1).optional(),
  }),
  /** Resolve the service's PagerDuty alert for the incident. */
  z.object({ kind: z.literal('page.resolve'), incidentId: z.uuid(), service: z.string().min(1) }),
  /**
   * Bring the action item's ticket in line with it as it is when this runs (status, assignee, due day), opening the
   * ticket first when the action has none yet and its incident's tracker is set up.
   */
  z.object({ kind: z.literal('tracker.sync'), actionId: z.uuid() }),
  /**
   * Bring the service's Atlassian Statuspage component in line with its state when this runs, unless that state is
   * what was last pushed to it.
   */
  z.object({ kind: z.literal('statuspage.component'), service: z.string().min(1) }),
  /**
   * Bring the incident's Statuspage incident in line with its public updates: create it with the first, then one
   * update for each later one not pushed yet.
   */
  z.object({ kind: z.literal('statuspage.incident'), incidentId: z.uuid() }),
  /**
   * Mail the link that confirms an email subscription. The link's secret is carried here because the database keeps
   * only its hash; it expires with the subscription's confirmation.
   */
  z.object({ kind: z.literal('email.confirm'), subscriptionId: z.uuid(), token: z.string().min(1) }),
  /** Write one `email.notify` per confirmed subscriber of the notice's services (keyed, so running it again adds none). */
  z.object({ kind: z.literal('email.fanout'), notice: ZEmailNotice }),
  /** Email one subscriber about a notice; nothing when they unsubscribed since. */
  z.object({ kind: z.literal('email.notify'), subscriptionId: z.uuid(), notice: ZEmailNotice }),
]);
export type TOutboxEffect = z.infer<typeof ZOutboxEffect>;

/**
 * Effects run one at a time, in the order written, per Slack channel they post to, so each channel reads its lines in
 * order and a channel Slack refuses (an announcements channel that is gone, or private without the bot, a person who
 * cannot be written to) holds up no other channel. The channel is the key, not its id, which an effect may only learn
 * when it runs:
 * - the incident's channel is `incident:<id>`. Its creation is in that queue too, first, so every line, topic,
 *   summary and postmortem for it comes after the channel exists, and drafting a postmortem behind the lines before it.
 * - the announcements channel is one per team, so `announcements`: an incident's announcements keep their order
 *   (declared, severity, resolved) and wait for no incident channel. Announcing a declaration needs the incident's
 *   channel link, and waits for it (`NotReadyError`) without holding up the incident channel's queue.
 * - a direct message about an action is `dm:<user>`, one queue per person: an owner's reminders keep their order, and
 *   a person who cannot be written to delays no channel. Messages written before these had their own queue keep the
 *   key they were written with (`action:<id>`). The lead's message about a postmortem stays in the incident's queue,
 *   behind the canvas it links to: a canvas Slack refuses then holds up that incident alone, not the lead's other
 *   messages, and a lead Slack will never reach is settled at once (`sendDirectMessage`).
 * - a page is `pagerduty:<incident>:<service>`: its trigger comes before its resolve, and a PagerDuty that refuses
 *   or is down delays no Slack channel and no other service's page.
 * - an action item's ticket is `tracker:<action>`: its creation comes before any update, and a tracker that refuses
 *   or is down delays nothing else.
 * - every Statuspage call is `statuspage`, one queue: Statuspage takes one request a second per key, so its calls go
 *   one at a time however many there are, and a Statuspage that refuses or is down delays nothing else.
 * - an email is `email:<subscription>`: a mail server that refuses one subscriber delays no one else, and a
 *   subscriber's emails keep their order. Fan-outs are `email:fanout`, so notices are written in the order they
 *   happened.
 * Digests and App Home refreshes show the state when they run, so need no order.
 */
export const orderingKeyOf = (effect: TOutboxEffect): string | null => {
  if (effect.kind === 'email.fanout') return 'email:fanout';
  if (effect.kind === 'email.confirm' || effect.kind === 'email.notify') return `email:${effect.subscriptionId}`;
  if (effect.kind === 'page.trigger' || effect.kind === 'page.resolve') {
    return `pagerduty:${effect.incidentId}:${effect.service}`;
  }
  if (effect.kind === 'tracker.sync') return `tracker:${effect.actionId}`;
  if (effect.kind === 'statuspage.component' || effect.kind === 'statuspage.incident') return 'statuspage';
  if (effect.kind === 'incident.announce' || effect.kind === 'announcements.post') return 'announcements';
  if (effect.kind === 'action.assigned') return `dm:${effect.ownerId}`;
  if ('recipientId' in effect && effect.recipientId !== undefined) return `dm:${effect.recipientId}`;
  if ('incidentId' in effect) return `incident:${effect.incidentId}`;
  if ('actionId' in effect) return `action:${effect.actionId}`;
  return null;
};

/**
 * The two lanes the outbox works in, each with a sweep of its own: `public` for what customers read (status emails,
 * the Atlassian Statuspage push), `team` for everything else (Slack above all). A mail server that hangs for 30 s a
 * try, a fan-out to thousands of subscribers or Statuspage's one call a second then never delays an incident
 * channel's next line, and a Slack token that stops working never stops customers' emails.
 */
export type OutboxLane = 'public' | 'team';

/** The kinds of the `public` lane, by what comes before the dot of their name. */
export const PUBLIC_LANE_KINDS = ['email', 'statuspage'];

/** Every effect carries a key unique to the change that caused it, so enqueueing the same change twice adds nothing. */
export type KeyedEffect = { dedupeKey: string; effect: TOutboxEffect };

/** A message the outbox job claimed: its effect, and how many times it has been tried, this one included. */
export type ClaimedMessage = KeyedEffect & { id: string; attempts: number };

/**
 * Keys a change's effects in order: `<changeKey>#<index>:<kind>`; opening a channel when declaring is keyed by
 * incident alone, so only one is ever written for it; opening it `again` is keyed by the change that asked.
 */
export const keyEffects = (changeKey: string, effects: TOutboxEffect[]): KeyedEffect[] =>
  effects.map((effect, index) => ({
    dedupeKey:
      effect.kind === 'incident.open_channel' && !effect.again
        ? `incident.open_channel:${effect.incidentId}`
        : `${changeKey}#${index}:${effect.kind}`,
    effect,
  }));
