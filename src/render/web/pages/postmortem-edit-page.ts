import { type Html, html } from '../html.ts';
import { renderMarkdown } from './postmortem-versions.ts';

export type PostmortemEditData = {
  number: number;
  title: string;
  markdown: string;
  /** The version the text started from; 0 for none. */
  baseVersion: number;
  /** One per form, so a save sent twice adds one version. */
  requestKey: string;
  csrfToken: string;
  /** Shown above the form: why the last save did not go through. */
  problem?: string | undefined;
  preview: boolean;
};

/**
 * The postmortem's Markdown in a text area, with Preview (the page again, the text rendered below it) and Save (a new
 * version). Works without JavaScript: both are plain form posts.
 */
export const renderPostmortemEditPage = (
  data: PostmortemEditData,
): Html => html`<h1>Edit the postmortem of incident ${data.number}: ${data.title}</h1>
<p>Saving adds version ${data.baseVersion + 1}; earlier versions stay as they are. The <em>Action items</em> section is kept in step with the incident's action items, so changes to it are replaced.</p>
${data.problem === undefined ? '' : html`<p role="alert" class="bad">${data.problem}</p>`}
<form method="post" action="/incidents/${data.number}/postmortem">
<input type="hidden" name="csrf" value="${data.csrfToken}">
<input type="hidden" name="base" value="${data.baseVersion}">
<input type="hidden" name="request" value="${data.requestKey}">
<label for="markdown">Markdown</label>
<textarea id="markdown" name="markdown" spellcheck="true">
${data.markdown}</textarea>
<p><button type="submit" name="intent" value="preview">Preview</button> <button type="submit" name="intent" value="save">Save as version ${data.baseVersion + 1}</button> <a href="/incidents/${data.number}">Cancel</a></p>
</form>
${data.preview ? html`<h2>Preview</h2><article>${renderMarkdown(data.markdown)}</article>` : ''}`;
