import type { Usage } from './command-text.ts';

// Forms are plain text here and escaped for mrkdwn where they are shown.

/** The form of each subcommand and an example of it, for refusals and `/incident help`. */
export const COMMAND_USAGE = {
  declare: {
    form: '/incident declare [severity] [service:] <title>',
    example: '/incident declare sev2 checkout-api: Card payments time out',
  },
  status: {
    form: '/incident status [#42] investigating|identified|monitoring|resolved [message]',
    example: '/incident status monitoring Rolled back to v1.4.1',
  },
  severity: { form: '/incident sev [#42] <severity>', example: '/incident sev 1' },
  role: { form: '/incident lead|comms|scribe [#42] @person', example: '/incident lead @alice' },
  resolve: { form: '/incident resolve [#42] [message]', example: '/incident resolve Fixed by rollback' },
  reopen: { form: '/incident reopen [#42] <reason>', example: '/incident reopen Errors are back' },
  list: { form: '/incident list', example: '/incident list' },
  note: { form: '/incident note [#42] [14:05] <text>', example: '/incident note 14:05 Alert fired for 5xx' },
  timeline: { form: '/incident timeline [#42]', example: '/incident timeline' },
  channel: { form: '/incident channel [#42]', example: '/incident channel #42' },
  page: {
    form: '/incident page [#42] <service> [reason]',
    example: '/incident page search Autocomplete times out for every query',
  },
  oncall: { form: '/incident oncall <service>', example: '/incident oncall checkout-api' },
  impact: {
    form: '/incident impact outage|degraded|end [time] [service…] [#42] [backdate]',
    example: '/incident impact degraded 14:10 checkout-api',
  },
  changes: { form: '/incident changes [service] [2h|90m]', example: '/incident changes checkout-api 2h' },
  report: { form: '/incident report [service] [2026-10|2026-Q4]', example: '/incident report checkout-api 2026-10' },
  action: {
    form: '/incident action [#42] <title> [@owner] [due:YYYY-MM-DD|in:3bd] [kind:fix|test|alarm|doc|visibility] [tracker:<url>]',
    example: '/incident action Add an alert on checkout 5xx rate @bob kind:alarm',
  },
  actions: { form: '/incident actions [#42] [mine|overdue|all]', example: '/incident actions overdue' },
  postmortem: { form: '/incident postmortem [#42]', example: '/incident postmortem' },
  publish: {
    form: '/incident publish [#42] [title:"Public title"] [status:identified] <text>',
    example: '/incident publish title:"Checkout is slow" We are looking into slow card payments.',
  },
  postmortemComplete: { form: '/incident postmortem [#42] complete', example: '/incident postmortem complete' },
  maintenance: {
    form: '/incident maintenance <service[,service]> <start> <duration> <public text>',
    example: '/incident maintenance checkout-api,search tomorrow 02:00 90m Database upgrade; checkout may be slow',
  },
  maintenanceList: { form: '/incident maintenance list', example: '/incident maintenance list' },
  maintenanceCancel: { form: '/incident maintenance cancel <number>', example: '/incident maintenance cancel 3' },
} satisfies Record<string, Usage>;
