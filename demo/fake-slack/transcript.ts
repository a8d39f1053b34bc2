import type { NameLookup } from './block-text.ts';
import { flattenBlocks, humanizeMrkdwn } from './block-text.ts';
import type { FakeSlackState, TimelineEntry } from './fake-slack-types.ts';

const SNIPPET_LENGTH = 60;

const clockOf = (date: Date, withDate: boolean) => {
  const iso = date.toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
};

const dateOfTs = (ts: string) => new Date(Math.floor(Number(ts) * 1000));

const quote = (text: string) => {
  const line = text.split('\n')[0] ?? '';
  return `"${line.length > SNIPPET_LENGTH ? `${line.slice(0, SNIPPET_LENGTH - 1)}…` : line}"`;
};

/**
 * What a person would have seen in Slack, oldest first: one line per event, message bodies indented below.
 * Times are UTC; dates are shown when the story spans several days. `fromEntry` leaves out the entries before it.
 */
export const renderTranscript = (state: FakeSlackState, { fromEntry = 0 }: { fromEntry?: number } = {}): string => {
  const names: NameLookup = {
    user: (id) => state.users.get(id)?.name,
    channel: (id) => state.channels.get(id)?.name,
  };
  const person = (id: string | undefined) => (id === undefined ? 'someone' : `@${names.user(id) ?? id}`);
  const actorName = (id: string) => (id === state.bot.userId ? state.bot.name : person(id));
  const place = (id: string | undefined) => {
    const channel = id === undefined ? undefined : state.channels.get(id);
    if (!channel) return id ?? 'Slack';
    if (channel.is_im) return `DM ${person(channel.user)}`;
    if (channel.is_mpim) return 'group DM';
    return `#${channel.name}`;
  };
  const human = (text: string) => humanizeMrkdwn(text, names);
  const bodyLines = (text: string, blocks: unknown[] | undefined) =>
    (blocks && blocks.length > 0 ? flattenBlocks(blocks) : [text]).flatMap((line) => human(line).split('\n'));

  const entries = state.timeline;
  const first = entries[0]?.at.toISOString().slice(0, 10);
  const withDate = entries.some((entry) => entry.at.toISOString().slice(0, 10) !== first);
  const clock = (date: Date) => clockOf(date, withDate);
  const texts = new Map<string, string>();
  const bodies = new Map<string, string[]>();
  const messageRef = (ts: string) => {
    const text = texts.get(ts);
    return `the message of ${clock(dateOfTs(ts))}${text === undefined ? '' : ` ${quote(human(text))}`}`;
  };

  const describe = (entry: TimelineEntry): { where: string; lines: string[] } => {
    switch (entry.kind) {
      case 'channel_created': {
        const isPrivate = state.channels.get(entry.channel)?.is_private ? ' (private)' : '';
        return { where: place(entry.channel), lines: [`${actorName(entry.actor)} created the channel${isPrivate}`] };
      }
      case 'channel_renamed':
        return {
          where: place(entry.channel),
          lines: [`${actorName(entry.actor)} renamed the channel from #${entry.from}`],
        };
      case 'archived':
      case 'unarchived':
        return { where: place(entry.channel), lines: [`${actorName(entry.actor)} ${entry.kind} the channel`] };
      case 'joined':
        return { where: place(entry.channel), lines: [`${actorName(entry.user)} joined the channel`] };
      case 'invited':
        return {
          where: place(entry.channel),
          lines: [`${actorName(entry.actor)} added ${entry.users.map(person).join(', ')}`],
        };
      case 'topic':
      case 'purpose':
        return {
          where: place(entry.channel),
          lines: [`${actorName(entry.actor)} set the channel ${entry.kind}: ${human(entry.value)}`],
        };
      case 'message': {
        texts.set(entry.ts, entry.blocks?.length ? (flattenBlocks(entry.blocks)[0] ?? entry.text) : entry.text);
        const inThread =
          entry.thread_ts && entry.thread_ts !== entry.ts ? ` › thread ${clock(dateOfTs(entry.thread_ts))}` : '';
        const body = bodyLines(entry.text, entry.blocks);
        bodies.set(entry.ts, body);
        const [head = '', ...rest] = body;
        return { where: `${place(entry.channel)}${inThread}`, lines: [`${actorName(entry.actor)}: ${head}`, ...rest] };
      }
      case 'message_updated': {
        // An edit shows what changed when the message was seen before: Slack shows it in place, unannounced.
        const body = bodyLines(entry.text, entry.blocks);
        const before = bodies.get(entry.ts);
        bodies.set(entry.ts, body);
        const changed = before === undefined ? body : body.filter((line) => !before.includes(line));
        const lines = changed.length === 0 ? ['(nothing visible changed)'] : changed;
        const head =
          before === undefined
            ? `${state.bot.name} edited ${messageRef(entry.ts)} to:`
            : `${state.bot.name} edited ${messageRef(entry.ts)}, which now shows:`;
        texts.set(entry.ts, entry.blocks?.length ? (flattenBlocks(entry.blocks)[0] ?? entry.text) : entry.text);
        return { where: place(entry.channel), lines: [head, ...lines] };
      }
      case 'message_deleted':
        return { where: place(entry.channel), lines: [`${state.bot.name} deleted ${messageRef(entry.ts)}`] };
      case 'ephemeral': {
        const [head = '', ...rest] = bodyLines(entry.text, entry.blocks);
        const lines = [`(only visible to ${person(entry.user)}) ${state.bot.name}: ${head}`, ...rest];
        return { where: place(entry.channel), lines };
      }
      case 'pinned':
      case 'unpinned':
        return {
          where: place(entry.channel),
          lines: [`${actorName(entry.actor)} ${entry.kind} ${messageRef(entry.ts)}`],
        };
      case 'reaction_added':
      case 'reaction_removed': {
        const verb = entry.kind === 'reaction_added' ? 'reacted' : 'removed the reaction';
        return {
          where: place(entry.channel),
          lines: [`${actorName(entry.actor)} ${verb} :${entry.name}: to ${messageRef(entry.ts)}`],
        };
      }
      case 'bookmark':
        return {
          where: place(entry.channel),
          lines: [
            `${state.bot.name} ${entry.edited ? 'edited the bookmark' : 'bookmarked'} "${entry.title}" ${entry.link}`,
          ],
        };
      case 'canvas':
        return {
          where: place(entry.channel),
          lines: [`${state.bot.name} ${entry.action} the canvas "${entry.title}"`],
        };
      case 'file_shared':
        return {
          where: place(entry.channel),
          lines: [`${state.bot.name} shared the file "${entry.title}" (${entry.name})`],
        };
      case 'view': {
        const target = entry.user ? ` for ${person(entry.user)}` : '';
        const what = entry.action === 'published' ? 'App Home' : `modal "${entry.title}"`;
        return { where: 'Slack', lines: [`${state.bot.name} ${entry.action} ${what}${target}`] };
      }
      case 'response': {
        const [head = '', ...rest] = bodyLines(entry.text, entry.blocks);
        return { where: 'response_url', lines: [`(${entry.responseType}) ${state.bot.name}: ${head}`, ...rest] };
      }
    }
  };

  // Earlier entries are read too, so an edit shows what changed since a message printed before.
  return entries
    .map((entry) => ({ entry, lines: describe(entry) }))
    .slice(fromEntry)
    .map(({ entry, lines: { where, lines } }) => {
      const prefix = `${clock(entry.at)} ${where}  `;
      const indent = ' '.repeat(prefix.length);
      return lines.map((line, index) => `${index === 0 ? prefix : indent}${line}`.trimEnd()).join('\n');
    })
    .join('\n');
};
