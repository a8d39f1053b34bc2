import type { StatusPageView } from '../../../domain/status-page/status-page-view.ts';

/** `Card Payments (EU)` -> `card-payments-eu`: lower-case letters and digits, runs of anything else one dash. */
export const slugifyPublicName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    // Runs are one dash by now, so one at either end is all there can be (and `-+$` would backtrack on a long run).
    .replace(/^-|-$/g, '') || 'service';

/**
 * Each public service name on the page with its slug, the id the JSON, the feed and the badges give it: made from the
 * public name only, so it is stable while the name is, and says nothing of sitrep's own service name. Two names with
 * the same slug get `-2`, `-3`… in page order.
 */
export const listServiceSlugs = (view: StatusPageView): Map<string, string> => {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  for (const service of view.groups.flatMap((group) => group.services)) {
    const base = slugifyPublicName(service.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
    taken.add(slug);
    slugs.set(service.name, slug);
  }
  return slugs;
};
