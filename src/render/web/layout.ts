import { type Html, html, trustedHtml } from './html.ts';

export const NAV = [
  { key: 'overview', path: '/', label: 'Overview' },
  { key: 'incidents', path: '/incidents', label: 'Incidents' },
  { key: 'services', path: '/services', label: 'Services' },
  { key: 'actions', path: '/action-items', label: 'Action items' },
] as const;

export type NavKey = (typeof NAV)[number]['key'];

/** Who is looking: their name, and the Slack time zone every time on the page is shown in. */
export type Viewer = { userId: string; name: string; zone: string };

export type PageFrame = {
  title: string;
  current: NavKey | null;
  viewer: Viewer;
  /** For the sign-out form: every form carries it. */
  csrfToken: string;
  body: Html;
};

// One small stylesheet inline: a page is one request, and the colours meet WCAG AA contrast on white.
export const PAGE_STYLE = trustedHtml(`<style>
:root{--ink:#1d1d1f;--muted:#55565b;--line:#d8d8dc;--accent:#0b5cad;--bad:#b3261e;--warn:#8a5300;--good:#1e6b34;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);line-height:1.45}
body{margin:0}header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;border-bottom:1px solid var(--line);flex-wrap:wrap}
header .brand{font-weight:700;color:var(--ink);text-decoration:none}nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
nav a{color:var(--accent)}nav a[aria-current=page]{font-weight:700;color:var(--ink)}header .who{margin-left:auto;color:var(--muted);font-size:.9rem}
main{padding:1rem 1.5rem;max-width:78rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
a{color:var(--accent)}table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:var(--muted)}.bad{color:var(--bad)}.good{color:var(--good)}.warn{color:var(--warn)}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin-bottom:1rem}label{display:flex;flex-direction:column;font-size:.85rem;gap:.15rem}
input,select,textarea,button{font:inherit}button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.35rem .9rem;cursor:pointer}
button.link{background:none;color:var(--accent);padding:0;text-decoration:underline}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:var(--muted)}details{margin:.25rem 0}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
pre,textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}textarea{width:100%;min-height:24rem}
.diff ins{background:#d7f5dd;text-decoration:none}.diff del{background:#fbdada}.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;min-width:11rem}
</style>`);

/** A whole page of sitrep's web view: the header with its navigation, who is signed in, and the page's body. */
export const renderPage = ({ title, current, viewer, csrfToken, body }: PageFrame): string =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · sitrep</title>${PAGE_STYLE}</head>
<body><header><a class="brand" href="/">sitrep</a><nav aria-label="Main"><ul>${NAV.map(
    (item) =>
      html`<li><a href="${item.path}"${item.key === current ? trustedHtml(' aria-current="page"') : ''}>${item.label}</a></li>`,
  )}</ul></nav><span class="who">${viewer.name} · times in ${viewer.zone}</span>
<form method="post" action="/auth/sign-out"><input type="hidden" name="csrf" value="${csrfToken}"><button class="link" type="submit">Sign out</button></form></header>
<main id="main">${body}</main></body></html>`.text;
