import { type IncidentView, type Severity, STATUS_LABELS } from '../../../domain/incident/incident.ts';
import type { PostmortemFacts } from '../../../domain/postmortem/postmortem-facts.ts';
import type { PostmortemModel } from '../../../domain/postmortem/postmortem-model.ts';
import type { PostmortemVersion } from '../../../domain/postmortem/postmortem-version.ts';
import { createWallClock, dayOf, labelDay, labelTime } from '../../../domain/time/wall-clock.ts';
import { renderLink, renderMrkdwn, renderPerson, renderSeverity, renderSpan, renderWhen } from '../format.ts';
import { type Html, html } from '../html.ts';
import { renderPostmortemVersions, type VersionChoice } from './postmortem-versions.ts';

export type IncidentPageData = {
  facts: PostmortemFacts;
  /** The postmortem's figures, so the page and the postmortem say the same. */
  model: PostmortemModel;
  versions: PostmortemVersion[];
  /** The incident-at-a-glance chart. */
  glance: Html;
  compare: VersionChoice;
  severities: Severity[];
  zone: string;
  now: Date;
  /** Slack's address of the workspace, for links to the incident's channel. */
  slackChannelUrl: (channelId: string) => string;
};

const KEY_TIMES = [
  ['Impact started', 'impactStartedAt'],
  ['Detected', 'detectedAt'],
  ['Declared', 'declaredAt'],
  ['Identified', 'identifiedAt'],
  ['Mitigated', 'mitigatedAt'],
  ['Resolved', 'resolvedAt'],
] as const satisfies readonly (readonly [string, keyof IncidentView])[];

const renderSummary = ({ facts, model, severities, zone, now, slackChannelUrl }: IncidentPageData): Html => {
  const { incident, names } = facts;
  return html`<p>${model.summary}</p>
<dl class="cards">
<div class="card"><dt>Severity</dt><dd>${renderSeverity(incident.severity, severities)}</dd></div>
<div class="card"><dt>Status</dt><dd>${STATUS_LABELS[incident.status]}</dd></div>
<div class="card"><dt>Lead</dt><dd>${renderPerson(incident.roles.lead, names)}</dd></div>
<div class="card"><dt>Services</dt><dd>${incident.services.join(', ') || 'none named'}</dd></div>
<div class="card"><dt>Duration</dt><dd>${renderSpan({ from: incident.impactStartedAt ?? incident.declaredAt, to: incident.resolvedAt, now })}</dd></div>
${incident.channelId === null ? '' : html`<div class="card"><dt>Slack</dt><dd><a href="${slackChannelUrl(incident.channelId)}">#${incident.channelName ?? incident.channelId}</a></dd></div>`}
</dl>
<h2>Key times</h2><ul>${KEY_TIMES.map(([label, field]) => {
    const at = incident[field];
    return at instanceof Date ? html`<li>${label}: ${renderWhen(at, zone)}</li>` : '';
  })}</ul>`;
};

const renderDowntime = ({ model }: IncidentPageData): Html =>
  model.impact.downtime.length === 0
    ? html``
    : html`<h2>Downtime against the SLA</h2><table><thead><tr><th scope="col">Service</th><th scope="col">Period</th><th scope="col" class="num">Downtime</th><th scope="col" class="num">Allowed</th><th scope="col" class="num">Budget used</th><th scope="col" class="num">Availability</th><th scope="col" class="num">Target</th><th scope="col">Breached</th></tr></thead><tbody>${model.impact.downtime.map(
        (row) =>
          html`<tr><th scope="row">${row.service}</th><td>${row.period}</td><td class="num">${row.downtime}</td><td class="num">${row.allowed}</td><td class="num">${row.budgetUsed}</td><td class="num">${row.availability}</td><td class="num">${row.target}</td><td>${row.breached ? html`<strong class="bad">breached</strong>` : 'no'}</td></tr>`,
      )}</tbody></table>`;

/** The timeline oldest first, with the date as a row of its own whenever the day changes in the viewer's zone. */
const renderTimeline = ({ facts, zone }: IncidentPageData): Html => {
  const wallClock = createWallClock(zone);
  let day: number | undefined;
  const rows: Html[] = [];
  for (const entry of facts.timeline) {
    const wall = wallClock(entry.occurredAt);
    if (dayOf(wall) !== day) {
      day = dayOf(wall);
      rows.push(html`<tr><th scope="rowgroup" colspan="3">${labelDay(day)}</th></tr>`);
    }
    rows.push(html`<tr><td><time datetime="${entry.occurredAt.toISOString()}">${labelTime(wall)}</time></td><td>${entry.source}</td>
<td>${renderMrkdwn(entry.text, facts.names)}${entry.actorId === null ? '' : ` — ${renderPerson(entry.actorId, facts.names)}`}${entry.edited ? ' (edited)' : ''}${entry.files.map(
      (file) => html` ${renderLink(file.url, file.name)}`,
    )}${entry.permalink === null ? '' : html` ${renderLink(entry.permalink, 'in Slack')}`}</td></tr>`);
  }
  return html`<h2>Timeline</h2>${
    rows.length === 0
      ? html`<p>Nothing recorded yet.</p>`
      : html`<table><thead><tr><th scope="col">Time</th><th scope="col">Source</th><th scope="col">What happened</th></tr></thead><tbody>${rows}</tbody></table>`
  }`;
};

const renderActionItems = ({ facts, zone }: IncidentPageData): Html =>
  html`<h2>Action items</h2>${
    facts.actionItems.length === 0
      ? html`<p>No action items yet.</p>`
      : html`<table><thead><tr><th scope="col">Action item</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>${facts.actionItems.map(
          (item) =>
            html`<tr><td>${item.trackerUrl === null ? item.title : renderLink(item.trackerUrl, item.title)}</td><td>${renderPerson(item.ownerId, facts.names)}</td><td>${item.dueAt === null ? '—' : renderWhen(item.dueAt, zone)}</td><td>${item.status.replace('_', ' ')}</td></tr>`,
        )}</tbody></table>`
  }`;

/** An incident: its summary and key times, the chart, downtime, timeline, action items and postmortem versions. */
export const renderIncidentPage = (data: IncidentPageData): Html => {
  const { incident } = data.facts;
  return html`<h1>Incident ${incident.number}: ${incident.title}</h1>
${renderSummary(data)}
${data.glance}
${renderDowntime(data)}
${renderTimeline(data)}
${renderActionItems(data)}
${renderPostmortemVersions({ number: incident.number, versions: data.versions, compare: data.compare, zone: data.zone, names: data.facts.names })}`;
};
