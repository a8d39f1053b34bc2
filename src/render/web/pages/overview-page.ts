import type { ActionItemView } from '../../../domain/action-items/action-item-view.ts';
import type { ServiceReport } from '../../../domain/sla/service-report.ts';
import { renderPerson, renderWhen } from '../format.ts';
import { type Html, html } from '../html.ts';
import { renderBudgetTable } from './services-page.ts';

export type OverviewPageData = {
  incidentsPerWeek: Html;
  budgets: ServiceReport[];
  /** The longest overdue first. */
  overdue: ActionItemView[];
  /** More are overdue than `overdue` holds. */
  moreOverdue: boolean;
  names: Record<string, string>;
  zone: string;
  now: Date;
};

/** The first page: incidents per week by severity, each service's budget left, and what is overdue. */
export const renderOverviewPage = (data: OverviewPageData): Html => html`<h1>Overview</h1>
<h2>Incidents per week</h2>${data.incidentsPerWeek}
<h2>Error budget left</h2>${renderBudgetTable({ reports: data.budgets, now: data.now, caption: 'Each service this period' })}
<h2>Overdue action items</h2>${
  data.overdue.length === 0
    ? html`<p>Nothing is overdue.</p>`
    : html`<table><thead><tr><th scope="col">Action item</th><th scope="col">Owner</th><th scope="col">Incident</th><th scope="col">Was due</th></tr></thead><tbody>${data.overdue.map(
        (action) =>
          html`<tr><td>${action.title}</td><td>${renderPerson(action.ownerId, data.names)}</td><td><a href="/incidents/${action.incidentNumber}">${action.incidentNumber}: ${action.incidentTitle}</a></td><td>${action.dueAt === null ? '—' : renderWhen(action.dueAt, data.zone)}</td></tr>`,
      )}</tbody></table><p>${
        data.moreOverdue ? `The ${data.overdue.length} longest overdue are shown. ` : ''
      }<a href="/action-items?overdue=1">All overdue action items</a></p>`
}`;
