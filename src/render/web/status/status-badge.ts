import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../../domain/status-page/component-status.ts';
import type { StatusPageView } from '../../../domain/status-page/status-page-view.ts';
import { html } from '../html.ts';
import { keepXmlCharacters } from '../xml-text.ts';
import { listServiceSlugs } from './service-slug.ts';

// White text reads on each at 4.5:1 or better (WCAG AA).
const COLOURS: Record<ComponentStatus, string> = {
  operational: '#2e7d32',
  under_maintenance: '#1565c0',
  degraded_performance: '#9a5b00',
  partial_outage: '#c62828',
  major_outage: '#8e0000',
};

// Verdana at 11px averages about 7px a character; shields.io measures each glyph, which is more than a badge needs.
const CHAR_WIDTH = 7;
const PADDING = 10;

const widthOf = (text: string): number => [...text].length * CHAR_WIDTH + PADDING;

const renderBadge = ({ name, status }: { name: string; status: ComponentStatus }): string => {
  const message = COMPONENT_STATUS_LABELS[status].toLowerCase();
  const left = widthOf(name);
  const right = widthOf(message);
  const label = `${name}: ${COMPONENT_STATUS_LABELS[status]}`;
  return keepXmlCharacters(
    html`<svg xmlns="http://www.w3.org/2000/svg" width="${left + right}" height="20" role="img" aria-label="${label}">
<title>${label}</title>
<rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${COLOURS[status]}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${left / 2}" y="14">${name}</text><text x="${left + right / 2}" y="14">${message}</text>
</g></svg>
`.text,
  );
};

/**
 * `/status/badge/<slug>.svg` for every service on the page, by slug: a shields.io-like badge, `<public name> |
 * <status>` on the status's colour, with a title and label that say the same for screen readers.
 */
export const renderStatusBadges = (view: StatusPageView): Map<string, string> => {
  const slugs = listServiceSlugs(view);
  return new Map(
    view.groups.flatMap((group) =>
      group.services.map((service) => [slugs.get(service.name) ?? '', renderBadge(service)] as const),
    ),
  );
};
