const BASE = 'https://sitrep.invalid';

/**
 * Where to send a person after they signed in: the `next` they asked for when it is a path on sitrep itself, else
 * `/`. Refused: anything that a browser could read as another site (`//evil.example`, `/\evil.example`,
 * `https://evil.example`), control characters (browsers drop tabs and newlines from URLs), and the sign-in pages themselves (a loop). The fragment is dropped.
 *
 * @example safeNextPath('/incidents?status=open') // '/incidents?status=open'
 * @example safeNextPath('//evil.example/x') // '/'
 */
export const safeNextPath = (next: string | undefined): string => {
  if (next === undefined || next.length > 2000 || !next.startsWith('/')) return '/';
  // Browsers read a backslash as a slash, so `/\evil.example` is `//evil.example`.
  if (next.startsWith('//') || /[\\\p{Cc}]/u.test(next)) return '/';
  const url = new URL(next, BASE);
  // Dot segments can fold into a leading `//` (`/.//evil.example`), which a browser would take for another site.
  if (url.origin !== BASE || url.pathname.startsWith('/auth/') || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}`;
};
