/**
 * A GitHub issue's ticket key: `owner/repo#number`, in lower case. GitHub's owner and repository names are
 * case-insensitive (Acme/Web and acme/web are one repository), and sitrep.yml, a pasted link and GitHub's webhooks
 * may each spell them differently: one spelling makes them one ticket.
 *
 * @example githubTicketKey({ repository: 'Acme/Web', number: 12 }) // 'acme/web#12'
 */
export const githubTicketKey = ({ repository, number }: { repository: string; number: number }): string =>
  `${repository.toLowerCase()}#${number}`;
