import type { App } from '@slack/bolt';
import { COMMANDS } from '../ids.ts';

const HELP = [
  '*sitrep* keeps the record of an incident: its channel, timeline, downtime against the SLA and postmortem.',
  '',
  '`/incident help`  this message',
].join('\n');

/** `/incident`: acknowledged at once, answered only to the person who typed it. */
export const registerIncidentCommand = (app: App): void => {
  app.command(COMMANDS.incident, async ({ ack, command, respond }) => {
    await ack();
    const [word = 'help'] = command.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const text =
      word === 'help' ? HELP : `I don't know \`${COMMANDS.incident} ${word}\`. Here is what I can do:\n\n${HELP}`;
    await respond({ response_type: 'ephemeral', text });
  });
};
