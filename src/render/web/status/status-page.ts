import { STATUS_LABELS } from '../../../domain/incident/incident.ts';
import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../../domain/status-page/component-status.ts';
import type { PublicUpdateView } from '../../../domain/status-page/public-incident.ts';
import type { PublicDisruption, PublicService, StatusPageView } from '../../../domain/status-page/status-page-view.ts';
import { formatAvailability } from '../../report.ts';
import { renderDailyStrip } from '../charts/daily-strip.ts';
import { renderSpan, renderWhen } from '../format.ts';
import { type Html, html } from '../html.ts';
import { PAGE_STYLE } from '../layout.ts';
import { renderSubscribeForm } from './subscription-pages.ts';

// A mark per state besides its colour, so the state reads without colour too.
const MARKS: Record<ComponentStatus, string> = {
  operational: '●',
  under_maintenance: '◆',
  degraded_performance: '▲',
  partial_outage: '■',
  major_outage: '✖',
};

const CLASSES: Record<ComponentStatus, string> = {
  operational: 'good',
  under_maintenance: 'muted',
  degraded_performance: 'warn',
  partial_outage: 'bad',
  major_outage: 'bad',
};

const renderStatus = (status: ComponentStatus): Html =>
  html`<span class="${CLASSES[status]}"><span aria-hidden="true">${MARKS[status]}</span> ${COMPONENT_STATUS_LABELS[status]}</span>`;

const renderService = (
  service: PublicService,
  id: string,
): Html => html`<section class="card" aria-labelledby="${id}-name">
<h3 id="${id}-name">${service.name}</h3><p>${renderStatus(service.status)}</p>
<p>Uptime ${formatAvailability(service.uptime30)} over 30 days, ${formatAvailability(service.uptime90)} over 90 days.</p>
${renderDailyStrip({ id, service: service.name, target: service.target, days: service.days })}</section>`;

/** What people published, newest first: each update's stated status, when, and its words. */
const renderUpdates = (updates: PublicUpdateView[], zone: string): Html =>
  updates.length === 0
    ? html``
    : html`<ol class="updates" reversed>${updates.map(
        (update) =>
          html`<li><strong>${STATUS_LABELS[update.status]}</strong> · ${renderWhen(update.postedAt, zone)}<br>${update.text}</li>`,
      )}</ol>`;

const renderDisruption = (disruption: PublicDisruption, { zone, now }: { zone: string; now: Date }): Html =>
  html`<li>${disruption.title === null ? '' : html`<strong>${disruption.title}</strong>. `}${disruption.services.join(', ')}: ${
    disruption.kind === 'outage' ? 'outage' : 'degraded performance'
  } from ${renderWhen(disruption.startedAt, zone)}${
    disruption.endedAt === null ? ', still going on' : html` to ${renderWhen(disruption.endedAt, zone)}`
  } (${renderSpan({ from: disruption.startedAt, to: disruption.endedAt, now })}).${renderUpdates(disruption.updates, zone)}</li>`;

const renderMaintenance = (view: StatusPageView): Html =>
  view.maintenance.length === 0
    ? html``
    : html`<h2>Scheduled maintenance</h2><ul>${view.maintenance.map(
        (window) =>
          html`<li><strong>${window.services.join(', ')}</strong>${window.inProgress ? ' (in progress)' : ''}: ${renderWhen(window.startsAt, view.zone)} to ${renderWhen(window.endsAt, view.zone)}. ${window.text}</li>`,
      )}</ul>`;

const renderActive = (view: StatusPageView): Html =>
  view.active.length === 0
    ? html``
    : html`<h2>Under way</h2>${view.active.map(
        (incident) =>
          html`<section class="card"><h3>${incident.title}</h3><p>Affects ${incident.services.join(', ')}.</p>${renderUpdates(incident.updates, view.zone)}</section>`,
      )}`;

/**
 * The public status page: no sign-in, no navigation, nothing internal; it reads fully without JavaScript. `subscribe`
 * adds the form to get updates by email (when SMTP_URL is set).
 */
export const renderStatusPage = (view: StatusPageView, { subscribe = false }: { subscribe?: boolean } = {}): string => {
  let index = 0;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title}</title>${PAGE_STYLE}</head>
<body><main id="main"><h1>${view.title}</h1>
<p class="card" role="status">${view.status === 'operational' ? html`${renderStatus('operational')}: all systems are working.` : renderStatus(view.status)}</p>
${renderActive(view)}
${renderMaintenance(view)}
${view.groups.map(
  (group) =>
    html`<h2>${group.name}</h2><div>${group.services.map((service) => {
      index += 1;
      return renderService(service, `service-${index}`);
    })}</div>`,
)}
<h2>The last 90 days</h2>${
    view.history.length === 0
      ? html`<p>No disruption in the last 90 days.</p>`
      : html`<ul>${view.history.map((disruption) => renderDisruption(disruption, { zone: view.zone, now: view.generatedAt }))}</ul>`
  }
${subscribe ? renderSubscribeForm(view.groups.flatMap((group) => group.services.map((service) => service.name))) : ''}
<p class="muted">Times are in ${view.zone}. Updated ${renderWhen(view.generatedAt, view.zone)}.</p></main></body></html>`
    .text;
};
