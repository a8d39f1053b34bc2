import { EXAMPLE_CHANNELS } from '../demo/fake-slack/example-workspace.ts';
import type { FakeSlackServer } from '../demo/fake-slack/fake-slack-server.ts';

// The commands whose answers the answer benchmarks wait for, each as a person types it, where from, and what its
// answer says.

export type AnswerCommand = {
  name: 'list' | 'note' | 'status';
  /** Sent in turn by each connection. */
  texts: string[];
  /** Where from: #general, or the incident channels. */
  inIncidentChannel: boolean;
  /** Text sitrep's answer holds when the command did its work. */
  expect: string;
};

export const ANSWER_COMMANDS: AnswerCommand[] = [
  { name: 'list', texts: ['list'], inIncidentChannel: false, expect: 'open incidents' },
  {
    name: 'note',
    texts: ['note Rolled back the canary; the error rate is back under 1%'],
    inIncidentChannel: true,
    expect: 'Noted on the timeline',
  },
  // `status` without a status is refused with its usage, and the same status twice is refused as no change: each
  // connection moves its own incident back and forth, every command a real change (a timeline entry, a line posted
  // in the channel, the pinned summary refreshed).
  {
    name: 'status',
    texts: ['status identified', 'status monitoring'],
    inIncidentChannel: true,
    expect: 'is now',
  },
];

/** Channel ids for `command`: the incident channels the fake Slack holds (one per connection), or #general. */
export const channelsFor = (command: AnswerCommand, slack: FakeSlackServer): string[] => {
  if (!command.inIncidentChannel) return [EXAMPLE_CHANNELS.general];
  const ids = [...slack.fake.state.channels.values()].filter((c) => c.name.startsWith('inc-')).map((c) => c.id);
  if (ids.length === 0) throw new Error('no incident channel in the fake Slack');
  return ids;
};
