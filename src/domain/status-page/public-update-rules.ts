// What may go on the public status page. People choose its words; sitrep only keeps the internal ones out.

/** Long enough for a paragraph or two; a status page is read at a glance. */
export const MAX_PUBLIC_TEXT = 2000;
export const MAX_PUBLIC_TITLE = 120;

/** What a public update says when a person resolves with a final update (the form offers it, prefilled). */
export const FINAL_PUBLIC_TEXT = 'This incident has been resolved.';

/**
 * The public title of an incident whose updates were posted without one: neutral words only. Not the internal title
 * (which may name a customer, a person or a cause not yet public), and not the services either: sitrep's names for
 * them are internal, and the status page shows the affected services under their public names beside the title.
 */
export const DEFAULT_PUBLIC_TITLE = 'Service disruption';

// A person (`<@U1>`), a channel (`<#C1>`), a user group or `<!here>` as Slack sends them in a command.
const SLACK_REFERENCE = /<[@#!][^<>]*>/;

/**
 * Why a public text (an update or a title) cannot be posted, or undefined when it can: it is empty, too long, or
 * names a person or a channel the way Slack sends a mention, which would put their Slack ids on the page.
 */
export const checkPublicText = ({ text, what, max }: { text: string; what: string; max: number }) => {
  const length = Array.from(text).length;
  if (length === 0) return `The ${what} is empty: write what customers should read.`;
  if (length > max) {
    return `The ${what} is ${length.toLocaleString('en-US')} characters long; the status page takes at most ${max.toLocaleString('en-US')}.`;
  }
  if (SLACK_REFERENCE.test(text)) {
    return `The ${what} goes to customers: leave out mentions of people, channels and groups.`;
  }
  return undefined;
};
