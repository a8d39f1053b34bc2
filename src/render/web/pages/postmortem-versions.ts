import { diffLines } from 'diff';
import MarkdownIt from 'markdown-it';
import type { PostmortemVersion } from '../../../domain/postmortem/postmortem-version.ts';
import { renderOptions, renderPerson, renderWhen } from '../format.ts';
import { type Html, html, trustedHtml } from '../html.ts';

/** Which two versions to compare, as numbers; undefined for the default (the last two). */
export type VersionChoice = { from?: number | undefined; to?: number | undefined };

// Raw HTML in a postmortem is shown as text, and markdown-it refuses javascript: and data: links.
const markdown = new MarkdownIt({ html: false, linkify: false });

/** A postmortem's Markdown as HTML: what people wrote is text, never markup. */
export const renderMarkdown = (text: string): Html => trustedHtml(markdown.render(text));

const renderDiff = (from: PostmortemVersion, to: PostmortemVersion): Html => {
  const parts = diffLines(from.markdown, to.markdown);
  const changed = parts.some((part) => part.added || part.removed);
  return html`<h3>Changes from version ${from.version} to version ${to.version}</h3>${
    changed
      ? html`<pre class="diff">${parts.map((part) => {
          if (part.added) return html`<ins><span class="sr-only">added: </span>${part.value}</ins>`;
          if (part.removed) return html`<del><span class="sr-only">removed: </span>${part.value}</del>`;
          return part.value;
        })}</pre>`
      : html`<p>The two versions are the same.</p>`
  }`;
};

const pick = (versions: PostmortemVersion[], number: number | undefined, fallback: PostmortemVersion | undefined) =>
  versions.find((version) => version.version === number) ?? fallback;

type VersionsOptions = {
  number: number;
  versions: PostmortemVersion[];
  compare: VersionChoice;
  zone: string;
  names: Record<string, string>;
};

/** Every version of the postmortem, a form to compare any two with their diff, and the newest one as a page. */
export const renderPostmortemVersions = ({ number, versions, compare, zone, names }: VersionsOptions): Html => {
  const latest = versions.at(-1);
  if (latest === undefined) {
    return html`<h2>Postmortem</h2><p>No postmortem yet. <a href="/incidents/${number}/postmortem/edit">Write one</a>, or type <code>/incident postmortem</code> in the incident's channel for a draft.</p>`;
  }
  const to = pick(versions, compare.to, latest);
  const from = pick(versions, compare.from, versions.at(-2) ?? latest);
  const choices = versions.map((version) => ({ value: String(version.version), label: `version ${version.version}` }));
  return html`<h2>Postmortem</h2>
<p><a href="/incidents/${number}/postmortem/edit">Edit the postmortem</a> (saved as version ${latest.version + 1}).</p>
<table><caption>Versions</caption><thead><tr><th scope="col">Version</th><th scope="col">Saved</th><th scope="col">By</th><th scope="col">How</th></tr></thead><tbody>${versions.map(
    (version) =>
      html`<tr><td>${version.version}</td><td>${renderWhen(version.generatedAt, zone)}</td><td>${version.generatedBy === null ? 'sitrep' : renderPerson(version.generatedBy, names)}</td><td>${version.editedAt === null ? 'drafted by sitrep' : 'edited on the web'}${version.completedAt === null ? '' : ', marked complete'}</td></tr>`,
  )}</tbody></table>
${
  versions.length < 2
    ? ''
    : html`<form class="filters" method="get" action="/incidents/${number}#changes"><label>Compare version<select name="from">${renderOptions(choices, String(from?.version))}</select></label><label>with version<select name="to">${renderOptions(choices, String(to?.version))}</select></label><button type="submit">Compare</button></form>
<section id="changes">${from !== undefined && to !== undefined ? renderDiff(from, to) : ''}</section>`
}
<h3>Version ${latest.version}</h3><article>${renderMarkdown(latest.markdown)}</article>`;
};
