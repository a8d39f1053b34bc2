import { IMPACT_LOOKBACK_DAYS } from '../impact/impact-lookback.ts';
import { MAX_PUBLIC_TEXT } from '../status-page/public-update-rules.ts';
import { code } from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';

/** The forms people use most, shown under a refusal of a subcommand sitrep does not know. */
export const SHORT_HELP = [
  '*Commands*',
  ...[
    COMMAND_USAGE.declare,
    COMMAND_USAGE.status,
    COMMAND_USAGE.severity,
    COMMAND_USAGE.role,
    COMMAND_USAGE.resolve,
    COMMAND_USAGE.reopen,
    COMMAND_USAGE.note,
  ].map(({ form }) => code(form)),
  code(COMMAND_USAGE.action.form),
  `${code('/incident actions')} · ${code('/incident list')} · ${code('/incident help')}`,
  `For example ${code('/incident declare sev1 Checkout is down')}.`,
].join('\n');

const HELP_LINES: [string, string][] = [
  ['/incident', 'opens the form to declare an incident.'],
  [
    COMMAND_USAGE.declare.form,
    'declares an incident. The severity defaults to the team’s; a `service:` prefix (or `a, b:`) names the affected services.',
  ],
  ['/incident declare Checkout is failing', ''],
  ['/incident declare sev1 Checkout is down', ''],
  [COMMAND_USAGE.declare.example, ''],
  [
    '/incident status investigating|identified|monitoring|resolved [message]',
    'posts a status update; `resolved` resolves the incident.',
  ],
  ['/incident status identified', ''],
  [COMMAND_USAGE.status.example, ''],
  ['/incident sev <severity>', 'changes the severity; `sev1`, `severity 1` and `severity sev1` work too.'],
  ['/incident sev 1', ''],
  ['/incident severity 1', ''],
  ['/incident sev1', ''],
  [
    '/incident lead|comms|scribe @person',
    'gives a role to someone (also `role comms @person`); pick them from Slack’s list as you type `@`.',
  ],
  ['/incident lead @alice', ''],
  ['/incident role comms @bob', ''],
  [
    '/incident resolve [message]',
    'resolves the incident; it asks you first to close open impact windows, or whether customers were affected when none was recorded.',
  ],
  [COMMAND_USAGE.resolve.example, ''],
  ['/incident reopen <reason>', 'reopens a resolved incident; say why.'],
  [COMMAND_USAGE.reopen.example, ''],
  [
    COMMAND_USAGE.note.form,
    'adds a note to the timeline; start it with a time (`14:05`, `yesterday 23:50`, `2026-11-20 23:50`, in your Slack time zone) when it happened earlier.',
  ],
  ['/incident note Rolled back the canary', ''],
  [COMMAND_USAGE.note.example, ''],
  ['/incident timeline [#42]', 'shows the timeline, in your time zone.'],
  ['/incident timeline', ''],
  [
    COMMAND_USAGE.channel.form,
    'tries again to open the incident’s channel, when Slack would not create it (say, only admins could create channels); sitrep tells whoever declared the incident when that happens.',
  ],
  [COMMAND_USAGE.channel.example, ''],
  [
    COMMAND_USAGE.page.form,
    'pages the service’s on-call through PagerDuty now, whatever the severity, with your reason; sitrep.yml says which services can be paged, and which severities page them by themselves when an incident is declared or raised. Resolving the incident resolves the page.',
  ],
  [COMMAND_USAGE.page.example, ''],
  [
    COMMAND_USAGE.oncall.form,
    'says who PagerDuty has on call for the service now, at each level of its escalation policy (sitrep.yml’s `escalationPolicyId`), found in Slack by email.',
  ],
  [COMMAND_USAGE.oncall.example, ''],
  [
    COMMAND_USAGE.postmortem.form,
    'drafts the postmortem again from what sitrep recorded, as a new version (earlier versions stay as they are); it is posted in the incident channel as a canvas and a Markdown file. sitrep drafts it by itself when the incident is resolved.',
  ],
  [COMMAND_USAGE.postmortem.example, ''],
  [
    COMMAND_USAGE.postmortemComplete.form,
    'marks the postmortem complete, once the team has reviewed it and recorded its actions.',
  ],
  [COMMAND_USAGE.postmortemComplete.example, ''],
  [
    COMMAND_USAGE.action.form,
    'adds a follow-up action (a step to avoid recurrence) to the incident; mention its owner. It is due on the `due:` day, in the owner’s time zone, or in `in:` business days, or else in the team’s usual number of business days. `kind:` says what it is (fix, test, alarm, doc or visibility); `tracker:` links its issue.',
  ],
  [COMMAND_USAGE.action.example, ''],
  ['/incident action Write the failover runbook @alice in:5bd kind:doc', ''],
  ['/incident action #42 Retry card payments once on timeout @bob tracker:https://tracker.example.com/PAY-7', ''],
  [
    COMMAND_USAGE.actions.form,
    'lists action items: the incident’s, or `mine` (yours), `overdue` (past their due date) or `all`.',
  ],
  ['/incident actions', ''],
  ['/incident actions mine', ''],
  [COMMAND_USAGE.actions.example, ''],
  [
    COMMAND_USAGE.impact.form,
    `records when customers were affected: \`outage\` or \`degraded\` starts a window for the incident’s services (or those you name), \`end\` closes it. The time reads like a note’s, in your Slack time zone; now if you give none. A time more than ${IMPACT_LOOKBACK_DAYS} days back needs \`backdate\`, as it rewrites SLA reports already read; the answer names them.`,
  ],
  ['/incident impact outage 13:58', ''],
  [COMMAND_USAGE.impact.example, ''],
  ['/incident impact end 14:31', ''],
  ['/incident impact outage 2026-09-02 09:15 checkout-api backdate', ''],
  [
    COMMAND_USAGE.publish.form,
    `posts an update to the public status page, in your words: customers never see the incident’s title, its people, its channel or its notes. \`title:\` in quotes sets the public title (the first update without one is titled “Service disruption” and the services); \`status:\` states another status than the incident’s. At most ${MAX_PUBLIC_TEXT.toLocaleString('en-US')} characters; no mentions of people or channels. Resolving offers a final public update.`,
  ],
  [COMMAND_USAGE.publish.example, ''],
  ['/incident publish status:monitoring A fix is rolling out; payments are recovering.', ''],
  [COMMAND_USAGE.changes.form, 'lists recent deploys (the last 2 hours unless you say), of one service or all.'],
  [COMMAND_USAGE.changes.example, ''],
  [
    COMMAND_USAGE.report.form,
    'shows availability against the SLA, downtime, incidents, time to detect, mitigate and resolve, deploys and change failure rate, of one service or all, for a month or a quarter (each service’s current SLA window unless you say).',
  ],
  ['/incident report', ''],
  [COMMAND_USAGE.report.example, ''],
  [
    COMMAND_USAGE.maintenance.form,
    'schedules maintenance of those services and announces it: the start reads in your Slack time zone (`22:00` today, `tomorrow 02:00`, `2026-12-10 02:00`) and must be ahead; the duration is `90m`, `2h`, `1h30m`, up to 7 days; the rest is what the public reads. Where a service’s `sla.excludeMaintenance` is on, impact inside it is not downtime, and reports say so.',
  ],
  [COMMAND_USAGE.maintenance.example, ''],
  ['/incident maintenance search 2026-12-10 02:00 2h Reindexing; results may be incomplete', ''],
  [COMMAND_USAGE.maintenanceList.form, 'lists maintenance upcoming and in progress, with their numbers.'],
  [COMMAND_USAGE.maintenanceCancel.form, 'cancels a maintenance; one in progress ends now.'],
  [COMMAND_USAGE.maintenanceCancel.example, ''],
  ['/incident list', 'lists the open incidents.'],
  ['/incident help', 'shows this help.'],
];

/**
 * What `/incident help` shows (mrkdwn): every form the parser reads, with a one-line explanation and examples.
 * Every `/incident …` code span without `<`, `[` or `|` in it is an example line that parses.
 */
export const INCIDENT_HELP: string = [
  '*Incident commands*',
  ...HELP_LINES.map(([form, explanation]) =>
    explanation === '' ? `    e.g. ${code(form)}` : `${code(form)} ${explanation}`,
  ),
  `*Outside the incident’s channel*, name the incident right after the word, as \`#42\`, \`inc-42\` or \`42\`: ${code('/incident status 42 resolved')}, ${code('/incident resolve #42 Fixed by rollback')}, ${code('/incident lead inc-42 @alice')}. For the severity write ${code('/incident sev #42 1')}, since ${code('/incident sev 1')} means severity 1; a note or an action takes \`#42\` or \`inc-42\`, since a bare number starts its text.`,
].join('\n');
