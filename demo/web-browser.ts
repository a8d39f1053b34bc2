/**
 * A browser as far as sign-in needs one: it keeps the cookies sitrep sets (for sitrep's origin only) and follows
 * redirects one at a time, so a test can stop at any hop, look at it or tamper with it.
 */
export const createBrowser = (appOrigin: string) => {
  const jar = new Map<string, string>();

  const keepCookies = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const cut = pair.indexOf('=');
      const name = pair.slice(0, cut);
      const gone = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
      if (gone) jar.delete(name);
      else jar.set(name, pair.slice(cut + 1));
    }
  };

  /** One request, cookies sent to sitrep's origin and kept from its answer; redirects are not followed. */
  const request = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const target = new URL(url, appOrigin);
    if (target.origin === appOrigin && jar.size > 0) {
      headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    if (target.origin === appOrigin) keepCookies(response);
    return response;
  };

  /** Follows redirects to the end; `hops` lists every URL visited, the first included. */
  const visit = async (url: string): Promise<{ response: Response; hops: string[] }> => {
    const hops = [new URL(url, appOrigin).href];
    let response = await request(url);
    while (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (location === null || hops.length > 10) throw new Error(`redirect without end at ${hops.join(' -> ')}`);
      const next = new URL(location, hops.at(-1)).href;
      hops.push(next);
      await response.body?.cancel();
      response = await request(next);
    }
    return { response, hops };
  };

  return { jar, request, visit };
};

export type Browser = ReturnType<typeof createBrowser>;
