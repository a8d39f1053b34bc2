/** Slack identifiers sitrep registers; handlers and the manifest test use these, never literals. */
export const COMMANDS = {
  incident: '/incident',
} as const;

export const SLACK_EVENTS_PATH = '/slack/events';
