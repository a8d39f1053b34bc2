import { type Html, html } from '../html.ts';

/** A column of a chart's table; `numeric` ones are right-aligned. */
export type TableColumn = { label: string; numeric?: boolean };

/** A row: its header cell (the first column) and the rest. */
export type TableRow = { head: string; cells: readonly string[] };

export type ChartTable = {
  caption: string;
  columns: readonly TableColumn[];
  rows: readonly TableRow[];
  /** The one cell of a table without rows. */
  empty: string;
};

export type ChartFrameOptions = {
  /** Unique on the page: the figure's id, and the prefix of every id inside it. */
  id: string;
  /** The SVG's accessible name. */
  title: string;
  /** One or two sentences with the key number: what a screen reader says after the title. */
  description: string;
  caption: string;
  width: number;
  height: number;
  body: Html;
  table: ChartTable;
};

const renderTable = ({ caption, columns, rows, empty }: ChartTable): Html => {
  const [first, ...rest] = columns;
  const body =
    rows.length === 0
      ? html`<tr><td colspan="${columns.length}">${empty}</td></tr>`
      : rows.map(
          (row) =>
            html`<tr><th scope="row">${row.head}</th>${row.cells.map((cell, i) =>
              rest[i]?.numeric === true ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`,
            )}</tr>`,
        );
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${first?.label}</th>${rest.map((column) =>
    column.numeric === true
      ? html`<th scope="col" class="num">${column.label}</th>`
      : html`<th scope="col">${column.label}</th>`,
  )}</tr></thead><tbody>${body}</tbody></table>`;
};

/**
 * A chart as the page shows it: a `<figure>` with its caption, the SVG (named by its `<title>` and described by its
 * `<desc>`, as `role="img"`), and the same numbers as a table under "Numbers" for anyone who cannot see the drawing.
 * The SVG scales from its viewBox; every id inside starts with `id`.
 */
export const renderChartFrame = ({
  id,
  title,
  description,
  caption,
  width,
  height,
  body,
  table,
}: ChartFrameOptions): Html =>
  html`<figure id="${id}" class="chart"><figcaption>${caption}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="11"><title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>${body}</svg><details><summary>Numbers</summary>${renderTable(table)}</details></figure>`;
