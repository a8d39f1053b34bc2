import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../domain/app-error.ts';
import { renderPostmortemEditPage } from '../../render/web/pages/postmortem-edit-page.ts';
import { sendPage, type WebDeps, type WebEnv } from '../web-context.ts';
import { readIncidentNumber } from './incident-number.ts';

const ZNumber = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** A postmortem is a few pages; a megabyte of text is a mistake or an attack, and the database keeps every version. */
const MAX_MARKDOWN = 200_000;

const ZEditForm = z.object({
  markdown: z
    .string()
    .max(MAX_MARKDOWN, `The postmortem is longer than ${MAX_MARKDOWN.toLocaleString('en')} characters.`)
    .transform((text) => text.replaceAll('\r\n', '\n'))
    .refine((text) => text.trim() !== '', 'The postmortem is empty.'),
  base: ZNumber,
  request: z.uuid(),
  intent: z.enum(['preview', 'save']),
});

/** The edit page, with the text as it stands and, when asked or refused, a preview or the reason. */
const sendEditPage = async (
  c: Context<WebEnv>,
  deps: WebDeps,
  page: {
    number: number;
    markdown?: string;
    baseVersion?: number;
    requestKey?: string;
    problem?: string;
    preview?: boolean;
  },
) => {
  const zone = await deps.zoneOf(c.get('session').userId);
  const { facts, versions } = await deps.browse.readIncident(page.number);
  const latest = versions.at(-1);
  const markdown = page.markdown ?? latest?.markdown ?? (await deps.postmortems.readLatest(facts.incident)).markdown;
  return sendPage(c, {
    title: `Edit the postmortem of incident ${page.number}`,
    current: 'incidents',
    zone,
    status: page.problem === undefined ? 200 : 409,
    body: renderPostmortemEditPage({
      number: page.number,
      title: facts.incident.title,
      markdown,
      // Refused once, the next save is meant to replace what was saved meanwhile: the person has been told.
      baseVersion: (page.problem === undefined ? page.baseVersion : undefined) ?? latest?.version ?? 0,
      requestKey: page.requestKey ?? randomUUID(),
      csrfToken: c.get('session').csrf,
      problem: page.problem,
      preview: page.preview ?? false,
    }),
  });
};

/**
 * `GET /incidents/:number/postmortem/edit` and its form's `POST /incidents/:number/postmortem`: preview, or save as
 * the next version (the lead is told in Slack). A save based on a version that is no longer the newest is refused
 * with the text kept, so nobody's edit is lost.
 */
export const registerPostmortemRoutes = (app: Hono<WebEnv>, deps: WebDeps): void => {
  app.get('/incidents/:number{[0-9]+}/postmortem/edit', (c) =>
    sendEditPage(c, deps, { number: readIncidentNumber(c.req.param('number')) }),
  );

  app.post('/incidents/:number{[0-9]+}/postmortem', async (c) => {
    const number = readIncidentNumber(c.req.param('number'));
    const parsed = ZEditForm.safeParse(await c.req.parseBody());
    if (!parsed.success) {
      throw new AppError('BAD_REQUEST', { userMessage: parsed.error.issues[0]?.message ?? 'The form was incomplete.' });
    }
    const form = parsed.data;
    const kept = { number, markdown: form.markdown, baseVersion: form.base, requestKey: form.request };
    if (form.intent === 'preview') return sendEditPage(c, deps, { ...kept, preview: true });
    try {
      await deps.postmortems.saveEdit({
        number,
        markdown: form.markdown,
        editorId: c.get('session').userId,
        baseVersion: form.base,
        requestKey: form.request,
        pageUrl: new URL(`/incidents/${number}#changes`, deps.publicUrl).href,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NO_CHANGE') {
        return sendEditPage(c, deps, { ...kept, problem: error.userMessage });
      }
      throw error;
    }
    return c.redirect(`/incidents/${number}#changes`, 303);
  });
};
