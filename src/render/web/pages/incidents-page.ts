import {
  INCIDENT_STATUSES,
  type IncidentView,
  type Severity,
  STATUS_LABELS,
} from '../../../domain/incident/incident.ts';
import { renderOptions, renderPerson, renderSeverity, renderSpan, renderWhen } from '../format.ts';
import { type Html, html } from '../html.ts';

/** The filter as the page's form holds it, each field as typed. */
export type IncidentFilterForm = {
  status?: string | undefined;
  severity?: string | undefined;
  service?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page: number;
};

export type IncidentsPageData = {
  incidents: IncidentView[];
  total: number;
  services: string[];
  names: Record<string, string>;
  now: Date;
  form: IncidentFilterForm;
  pageSize: number;
  severities: Severity[];
  zone: string;
};

const queryOf = (form: IncidentFilterForm, page: number): string => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...form, page: String(page) })) {
    if (typeof value === 'string' && value !== '' && !(key === 'page' && value === '1')) query.set(key, value);
  }
  const text = query.toString();
  return text === '' ? '/incidents' : `/incidents?${text}`;
};

const renderFilters = ({
  form,
  services,
  severities,
}: IncidentsPageData): Html => html`<form class="filters" method="get" action="/incidents" role="search">
<label>Title contains<input type="search" name="q" value="${form.q ?? ''}" maxlength="200"></label>
<label>Status<select name="status">${renderOptions(
  [
    { value: '', label: 'Any' },
    { value: 'open', label: 'Not resolved' },
    ...INCIDENT_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })),
  ],
  form.status,
)}</select></label>
<label>Severity<select name="severity">${renderOptions(
  [{ value: '', label: 'Any' }, ...severities.map((s) => ({ value: String(s.level), label: s.name }))],
  form.severity,
)}</select></label>
<label>Service<select name="service">${renderOptions(
  [{ value: '', label: 'Any' }, ...services.map((name) => ({ value: name, label: name }))],
  form.service,
)}</select></label>
<label>Declared from<input type="date" name="from" value="${form.from ?? ''}"></label>
<label>until<input type="date" name="to" value="${form.to ?? ''}"></label>
<button type="submit">Filter</button> <a href="/incidents">Clear</a></form>`;

const renderRow = (incident: IncidentView, data: IncidentsPageData): Html => html`<tr>
<td class="num"><a href="/incidents/${incident.number}">${incident.number}</a></td>
<td><a href="/incidents/${incident.number}">${incident.title}</a></td>
<td>${renderSeverity(incident.severity, data.severities)}</td>
<td>${STATUS_LABELS[incident.status]}</td>
<td>${renderPerson(incident.roles.lead, data.names)}</td>
<td>${incident.services.join(', ')}</td>
<td>${renderWhen(incident.declaredAt, data.zone)}</td>
<td>${renderSpan({ from: incident.impactStartedAt ?? incident.declaredAt, to: incident.resolvedAt, now: data.now })}</td>
</tr>`;

/** The incidents list: the filter form, one page of incidents newest first, and links to the pages around it. */
export const renderIncidentsPage = (data: IncidentsPageData): Html => {
  const { form, total, pageSize, incidents } = data;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (form.page - 1) * pageSize + 1;
  return html`<h1>Incidents</h1>${renderFilters(data)}
<p>${
    total === 0
      ? 'No incident matches.'
      : incidents.length === 0
        ? `Page ${form.page} is past the last of the ${total} incidents that match.`
        : `Incidents ${first}–${first + incidents.length - 1} of ${total}.`
  }</p>
${
  incidents.length === 0
    ? ''
    : html`<table><caption class="sr-only">Incidents, newest first</caption><thead><tr><th scope="col" class="num">#</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Lead</th><th scope="col">Services</th><th scope="col">Declared</th><th scope="col">Duration</th></tr></thead>
<tbody>${incidents.map((incident) => renderRow(incident, data))}</tbody></table>`
}
<nav aria-label="Pages">${form.page > 1 ? html`<a href="${queryOf(form, form.page - 1)}" rel="prev">Newer</a> ` : ''}Page ${form.page} of ${pages}${
    form.page < pages ? html` <a href="${queryOf(form, form.page + 1)}" rel="next">Older</a>` : ''
  }</nav>`;
};
