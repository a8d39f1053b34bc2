import type { ActionItemView } from '../../../domain/action-items/action-item-view.ts';
import { renderLink, renderOptions, renderPerson, renderWhen } from '../format.ts';
import { type Html, html } from '../html.ts';

/** Open action items of one owner or service (`key` null: nobody, or no service). */
export type ActionItemCount = { key: string | null; open: number; overdue: number };

export type ActionItemsPageData = {
  counts: { byOwner: ActionItemCount[]; byService: ActionItemCount[] };
  actions: ActionItemView[];
  names: Record<string, string>;
  now: Date;
  zone: string;
  form: ActionItemsForm;
  pageSize: number;
  /** Another page follows this one. */
  hasMore: boolean;
};

/** The filter as the page's form holds it, and the page shown. */
export type ActionItemsForm = {
  owner?: string | undefined;
  service?: string | undefined;
  overdue: boolean;
  page: number;
};

/** The address of `page` of the list the form filters. */
const addressOf = (form: ActionItemsForm, page: number): string => {
  const query = new URLSearchParams();
  if (form.owner !== undefined) query.set('owner', form.owner);
  if (form.service !== undefined) query.set('service', form.service);
  if (form.overdue) query.set('overdue', '1');
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text === '' ? '/action-items' : `/action-items?${text}`;
};

const renderPager = ({ form, hasMore, pageSize, actions }: ActionItemsPageData): Html => {
  if (form.page === 1 && !hasMore) return html``;
  const first = (form.page - 1) * pageSize + 1;
  return html`<nav aria-label="Pages">${form.page > 1 ? html`<a href="${addressOf(form, form.page - 1)}" rel="prev">Previous</a> ` : ''}${
    actions.length === 0 ? `Page ${form.page}` : `${first} to ${first + actions.length - 1}`
  }${hasMore ? html` <a href="${addressOf(form, form.page + 1)}" rel="next">Next</a>` : ''}</nav>`;
};

const renderCounts = (
  caption: string,
  rows: { key: string; label: string; href: string; open: number; overdue: number }[],
) =>
  html`<table><caption>${caption}</caption><thead><tr><th scope="col">${caption.split(' ').at(-1) ?? ''}</th><th scope="col" class="num">Open</th><th scope="col" class="num">Overdue</th></tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr><th scope="row"><a href="${row.href}">${row.label}</a></th><td class="num">${row.open}</td><td class="num${row.overdue > 0 ? ' bad' : ''}">${row.overdue}</td></tr>`,
  )}</tbody></table>`;

const renderAction = (action: ActionItemView, data: ActionItemsPageData): Html => {
  const overdue = action.dueAt !== null && action.dueAt.getTime() < data.now.getTime();
  return html`<tr><td>${action.trackerUrl === null ? action.title : renderLink(action.trackerUrl, action.title)}</td>
<td>${renderPerson(action.ownerId, data.names)}</td><td>${action.services.join(', ')}</td>
<td><a href="/incidents/${action.incidentNumber}">${action.incidentNumber}: ${action.incidentTitle}</a></td>
<td${overdue ? html` class="bad"` : ''}>${action.dueAt === null ? '—' : renderWhen(action.dueAt, data.zone)}${overdue ? ' (overdue)' : ''}</td></tr>`;
};

/** Open STAR action items counted by owner and by service, and the list the filter keeps, soonest due first. */
export const renderActionItemsPage = (data: ActionItemsPageData): Html => {
  const owners = data.counts.byOwner.map((count) => ({ ...count, key: count.key ?? '' }));
  const services = data.counts.byService.map((count) => ({ ...count, key: count.key ?? '' }));
  const { form } = data;
  return html`<h1>Action items</h1>
<div class="cards">${renderCounts(
    'Open action items by owner',
    owners.map((row) => ({
      ...row,
      label: row.key === '' ? 'nobody' : renderPerson(row.key, data.names),
      href: `/action-items?owner=${encodeURIComponent(row.key)}`,
    })),
  )}${renderCounts(
    'Open action items by service',
    services.map((row) => ({
      ...row,
      label: row.key === '' ? 'no service' : row.key,
      href: `/action-items?service=${encodeURIComponent(row.key)}`,
    })),
  )}</div>
<h2>${form.overdue ? 'Overdue' : 'Open'} action items</h2>
<form class="filters" method="get" action="/action-items">
<label>Owner<select name="owner">${renderOptions(
    [
      { value: '', label: 'Anyone' },
      ...owners
        .filter((row) => row.key !== '')
        .map((row) => ({ value: row.key, label: renderPerson(row.key, data.names) })),
    ],
    form.owner,
  )}</select></label>
<label>Service<select name="service">${renderOptions([{ value: '', label: 'Any' }, ...services.filter((row) => row.key !== '').map((row) => ({ value: row.key, label: row.key }))], form.service)}</select></label>
<label><span>Overdue only</span><input type="checkbox" name="overdue" value="1"${form.overdue ? html` checked` : ''}></label>
<button type="submit">Filter</button></form>
${
  data.actions.length === 0
    ? html`<p>${form.page > 1 ? 'No more on this page.' : 'None.'}</p>`
    : html`<table><thead><tr><th scope="col">Action item</th><th scope="col">Owner</th><th scope="col">Services</th><th scope="col">Incident</th><th scope="col">Due</th></tr></thead><tbody>${data.actions.map((action) => renderAction(action, data))}</tbody></table>`
}${renderPager(data)}`;
};
