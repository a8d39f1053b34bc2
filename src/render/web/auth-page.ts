import { html } from './html.ts';

export type AuthPage = {
  title: string;
  message: string;
  /** A link to go on: sign in again, or back to sitrep. */
  link: { href: string; label: string };
};

/** A page of the sign-in flow (signed out, refused, failed): nobody is signed in, so no navigation and no forms. */
export const renderAuthPage = ({ title, message, link }: AuthPage): string =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · sitrep</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;line-height:1.45;margin:0}main{max-width:36rem;margin:4rem auto;padding:0 1.5rem}h1{font-size:1.5rem}a{color:#0b5cad}</style>
</head><body><main id="main"><h1>${title}</h1><p>${message}</p><p><a href="${link.href}">${link.label}</a></p></main></body></html>`
    .text;
