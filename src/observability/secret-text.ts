/** Slack tokens and signing material look like this wherever they end up: in a message, an error, a URL. */
const SECRET_PATTERN = /\b(xox[abpre]-[\w-]+|xapp-[\w-]+|v0=[0-9a-f]{64}|sha256=[0-9a-f]{64})/gi;

export const scrubSecrets = (text: string): string => text.replace(SECRET_PATTERN, '[redacted]');
