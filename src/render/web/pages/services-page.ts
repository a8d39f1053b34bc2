import type { ServiceReport } from '../../../domain/sla/service-report.ts';
import { describeReportFigures, labelReportPeriod } from '../../report.ts';
import { type Html, html } from '../html.ts';

/** Every service's figures this period, as `sitrep report` shows them, each linked to its page. */
export const renderBudgetTable = ({
  reports,
  now,
  caption,
}: {
  reports: ServiceReport[];
  now: Date;
  caption: string;
}): Html =>
  reports.length === 0
    ? html`<p>No services are configured in sitrep.yml.</p>`
    : html`<table><caption>${caption}</caption><thead><tr><th scope="col">Service</th><th scope="col">Period</th><th scope="col" class="num">Availability</th><th scope="col" class="num">Target</th><th scope="col" class="num">Budget used</th><th scope="col" class="num">Remaining</th><th scope="col" class="num">Incidents</th></tr></thead><tbody>${reports.map(
        (report) => {
          const figures = describeReportFigures(report, now);
          return html`<tr><th scope="row"><a href="/services/${encodeURIComponent(report.service)}">${report.service}</a></th><td>${labelReportPeriod(report, now)}</td><td class="num">${figures.availability}</td><td class="num">${figures.target}</td><td class="num${report.downtime.breached ? ' bad' : ''}">${figures.budgetUsed}</td><td class="num">${figures.remaining}</td><td class="num">${figures.incidents}</td></tr>`;
        },
      )}</tbody></table>`;

export type ServicePageData = {
  report: ServiceReport;
  now: Date;
  charts: { burnDown: Html; periods: Html; days: Html; durations: Html; deploys: Html };
};

/** One service: this period's figures as the report gives them, then its charts over time. */
export const renderServicePage = ({ report, now, charts }: ServicePageData): Html => {
  const figures = describeReportFigures(report, now);
  const card = (label: string, value: string, bad = false) =>
    html`<div class="card"><dt>${label}</dt><dd${bad ? html` class="bad"` : ''}>${value}</dd></div>`;
  return html`<h1>${report.service}</h1>
<p>${labelReportPeriod(report, now)}. ${figures.openWindows ?? ''} ${figures.maintenance ?? ''}</p>
<dl class="cards">
${card(figures.availabilityLabel, figures.availability)}${card('Target', figures.target)}
${card(figures.budgetLabel, figures.budgetUsed, report.downtime.breached)}${card('Budget', figures.remaining, report.downtime.remainingMs < 0)}
${card('Downtime', `${figures.downtime} of ${figures.allowed} ${figures.allowedScope}`)}${card('Incidents', figures.incidents)}
${card('Mean time to detect', figures.timeToDetect)}${card('Mean time to mitigate', figures.timeToMitigate)}${card('Mean time to resolve', figures.timeToResolve)}
${card('Production deploys', `${figures.deploys} (${figures.deploysPerWeek} a week)`)}${card('Change failure rate', figures.changeFailureRate)}
</dl>
<h2>Error budget this period</h2>${charts.burnDown}
<h2>Availability per period</h2>${charts.periods}
<h2>The last 90 days</h2>${charts.days}
<h2>Detect, mitigate and resolve, per month</h2>${charts.durations}
<h2>Deploys per week</h2>${charts.deploys}
<p><a href="/incidents?service=${encodeURIComponent(report.service)}">Incidents of ${report.service}</a> · <a href="/action-items?service=${encodeURIComponent(report.service)}">Its open action items</a></p>`;
};
