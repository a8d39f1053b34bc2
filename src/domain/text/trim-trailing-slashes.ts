/**
 * An address without the slashes people paste after it, so paths join cleanly. A loop rather than `/\/+$/`, which
 * backtracks quadratically on a long run of slashes that does not end the text.
 *
 * @example trimTrailingSlashes('https://acme.atlassian.net//') // 'https://acme.atlassian.net'
 */
export const trimTrailingSlashes = (url: string): string => {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end -= 1;
  return url.slice(0, end);
};
