import { isProductionEnvironment } from '../../../domain/deploys/deploy.ts';
import type { PostmortemFacts } from '../../../domain/postmortem/postmortem-facts.ts';
import { describeDuration, IN_HOURS } from '../../../domain/text/describe-duration.ts';
import { createWallClock, formatInZone, labelTime } from '../../../domain/time/wall-clock.ts';
import { type Html, html } from '../html.ts';
import { renderChartFrame, type TableRow } from './chart-frame.ts';
import { glanceLegend, LAYER_MARKS, placeKeyLabels } from './incident-glance-parts.ts';
import { BAD, countOf, GRID, INK, MUTED, renderHatch, renderMarker, round1, shortenLabel, WARN } from './svg-kit.ts';
import { listTimeTicks, renderTimeAxis } from './time-axis.ts';

export type IncidentGlanceOptions = {
  /** Unique on the page. */
  id: string;
  facts: Pick<PostmortemFacts, 'incident' | 'impactWindows' | 'deploys' | 'alerts'>;
  /** The viewer's zone: every time on the chart is on its clocks. */
  zone: string;
  /** Where open windows end. */
  now: Date;
};

const MINUTE = 60_000;
const WIDTH = 760;
const LEFT = 150;
const RIGHT = WIDTH - 16;
const LANE = 38;
const KEY_ROW = 14;
const NO_SERVICE = 'Other alerts';
const KEY_TIMES = [
  ['impactStartedAt', 'Impact start'],
  ['detectedAt', 'Detected'],
  ['declaredAt', 'Declared'],
  ['mitigatedAt', 'Mitigated'],
  ['resolvedAt', 'Resolved'],
] as const;

type Glance = {
  from: number;
  until: number;
  keyTimes: { label: string; at: number }[];
  windows: { service: string; kind: 'outage' | 'degraded'; start: number; end: number; open: boolean }[];
  deploys: PostmortemFacts['deploys'];
  alerts: PostmortemFacts['alerts'];
  lanes: string[];
};

/** What the chart shows: the incident's span padded either side, and the production deploys and firing alerts in it. */
const gatherGlance = ({ facts, now }: Pick<IncidentGlanceOptions, 'facts' | 'now'>): Glance => {
  const { incident } = facts;
  const keyTimes = KEY_TIMES.flatMap(([field, label]) => {
    const at = incident[field];
    return at === null ? [] : [{ label, at: at.getTime() }];
  });
  const windows = facts.impactWindows.map((window) => ({
    service: window.service,
    kind: window.kind,
    start: window.startedAt.getTime(),
    end: window.endedAt?.getTime() ?? now.getTime(),
    open: window.endedAt === null,
  }));
  const instants = [...keyTimes.map(({ at }) => at), ...windows.flatMap(({ start, end }) => [start, end])];
  if (incident.resolvedAt === null) instants.push(now.getTime());
  const [first, last] = [Math.min(...instants), Math.max(...instants)];
  // More room before than after: the deploys just before the impact are the suspects.
  const span = last - first;
  const [from, until] = [first - Math.max(15 * MINUTE, span * 0.15), last + Math.max(5 * MINUTE, span * 0.05)];
  const within = (at: Date) => at.getTime() >= from && at.getTime() <= until;
  const deploys = facts.deploys.filter((d) => isProductionEnvironment(d.environment) && within(d.occurredAt));
  const alerts = facts.alerts.filter((alert) => alert.status === 'firing' && within(alert.startsAt));
  const lanes = [
    ...new Set([
      ...incident.services,
      ...windows.map(({ service }) => service),
      ...deploys.map(({ service }) => service),
      ...alerts.map(({ service }) => service ?? NO_SERVICE),
    ]),
  ];
  return { from, until, keyTimes, windows, deploys, alerts, lanes };
};

type Draw = { id: string; x: (ms: number) => number; zone: string; laneY: (service: string) => number };

const lengthOf = (start: number, end: number): string => describeDuration(end - start, IN_HOURS);

const renderWindows = (glance: Glance, { id, x, zone, laneY }: Draw): Html[] =>
  glance.windows.map(({ service, kind, start, end, open }) => {
    const [left, right] = [x(start), x(end)];
    const fill = kind === 'outage' ? BAD : `url(#${id}-degraded)`;
    const until = open ? 'ongoing' : formatInZone(new Date(end), zone);
    const title = `${kind === 'outage' ? 'Outage' : 'Degraded'} of ${service}: ${formatInZone(new Date(start), zone)} to ${until} (${lengthOf(start, end)})`;
    return html`<rect x="${left}" y="${round1(laneY(service) + 5)}" width="${round1(Math.max(1.5, right - left))}" height="14" fill="${fill}" stroke="${kind === 'outage' ? BAD : WARN}"><title>${title}</title></rect>`;
  });

const renderMarks = (glance: Glance, { x, zone, laneY }: Draw): Html[] => [
  ...glance.deploys.map((deploy) => {
    const mark = LAYER_MARKS.find(({ layer }) => layer === deploy.layer) ?? { shape: 'circle' as const, colour: MUTED };
    const title = `Deploy (${deploy.layer}) of ${deploy.service} ${deploy.version}, ${deploy.status}: ${formatInZone(deploy.occurredAt, zone)}`;
    const y = laneY(deploy.service) + 29;
    return renderMarker({ shape: mark.shape, x: x(deploy.occurredAt.getTime()), y, colour: mark.colour, title });
  }),
  ...glance.alerts.map((alert) => {
    const title = `Alert ${alert.alertName} firing${alert.service === null ? '' : ` on ${alert.service}`}: ${formatInZone(alert.startsAt, zone)}`;
    const y = laneY(alert.service ?? NO_SERVICE) + 29;
    return renderMarker({ shape: 'cross', x: x(alert.startsAt.getTime()), y, colour: INK, title });
  }),
];

const renderLaneLabels = (lanes: readonly string[], laneY: (service: string) => number): Html[] =>
  lanes.map((service) => {
    const shown = shortenLabel(service, 22);
    const y = laneY(service);
    return html`<path d="M${LEFT} ${round1(y + LANE)}H${RIGHT}" stroke="${GRID}"/><text x="${LEFT - 8}" y="${round1(y + 16)}" text-anchor="end">${shown}${shown === service ? '' : html`<title>${service}</title>`}</text>`;
  });

const glanceRows = (glance: Glance, zone: string): TableRow[] => {
  const rows: { at: number; row: TableRow }[] = [
    ...glance.keyTimes.map(({ label, at }) => ({
      at,
      row: { head: label, cells: ['', formatInZone(new Date(at), zone), ''] },
    })),
    ...glance.windows.map(({ service, kind, start, end, open }) => ({
      at: start,
      row: {
        head: kind === 'outage' ? 'Outage' : 'Degraded',
        cells: [
          service,
          formatInZone(new Date(start), zone),
          `${open ? 'ongoing' : `until ${formatInZone(new Date(end), zone)}`} (${lengthOf(start, end)})`,
        ],
      },
    })),
    ...glance.deploys.map((d) => ({
      at: d.occurredAt.getTime(),
      row: {
        head: `Deploy (${d.layer})`,
        cells: [d.service, formatInZone(d.occurredAt, zone), `${d.version}, ${d.status}`],
      },
    })),
    ...glance.alerts.map((a) => ({
      at: a.startsAt.getTime(),
      row: { head: 'Alert firing', cells: [a.service ?? '', formatInZone(a.startsAt, zone), a.alertName] },
    })),
  ];
  return rows.sort((a, b) => a.at - b.at).map(({ row }) => row);
};

const describeGlance = (glance: Glance, facts: IncidentGlanceOptions['facts']): string => {
  const { number, title } = facts.incident;
  const outages = glance.windows.filter(({ kind }) => kind === 'outage');
  const longest = outages.reduce<Glance['windows'][number] | null>(
    (best, w) => (best === null || w.end - w.start > best.end - best.start ? w : best),
    null,
  );
  const impact =
    glance.windows.length === 0
      ? 'No impact recorded.'
      : `${outages.length} outage and ${glance.windows.length - outages.length} degraded windows on ${countOf(new Set(glance.windows.map((w) => w.service)).size, 'service')}${longest === null ? '' : `, the longest outage ${lengthOf(longest.start, longest.end)} on ${longest.service}`}.`;
  return `Incident ${number}, ${title}: ${impact} ${countOf(glance.deploys.length, 'production deploy')} and ${countOf(glance.alerts.length, 'firing alert')} in the window.`;
};

/**
 * Incident at a glance: a lane per service with its outage (solid) and degraded (striped) windows, an open one
 * running to `now`; production deploys as a shape per layer and firing alerts as crosses on their service's lane;
 * and the key times present as labelled vertical lines. Deploys to other environments are left out, and the caption
 * says so. Times are on the clocks of `zone`, with the date wherever the day changes.
 */
export const renderIncidentGlance = ({ id, facts, zone, now }: IncidentGlanceOptions): Html => {
  const glance = gatherGlance({ facts, now });
  const x = (ms: number) => round1(LEFT + ((ms - glance.from) / (glance.until - glance.from)) * (RIGHT - LEFT));
  const wallClock = createWallClock(zone);
  const labels = placeKeyLabels({
    items: glance.keyTimes.map(({ label, at }) => ({
      x: x(at),
      text: `${label} ${labelTime(wallClock(new Date(at)))}`,
    })),
    right: RIGHT,
  });
  const rows = Math.max(1, ...labels.map(({ row }) => row + 1));
  const top = 6 + rows * KEY_ROW + 4;
  const laneY = (service: string) => top + Math.max(0, glance.lanes.indexOf(service)) * LANE;
  const bottom = top + Math.max(1, glance.lanes.length) * LANE;
  const draw: Draw = { id, x, zone, laneY };
  const legend = glanceLegend({ id, y: bottom + 40, width: RIGHT - 8 });
  const ticks = listTimeTicks({ from: glance.from, until: glance.until, zone, maxTicks: 7 });
  const body = html`<defs>${renderHatch({ id: `${id}-degraded`, colour: WARN, background: '#fbeccd' })}</defs>${renderTimeAxis({ ticks, x, y: bottom, top, left: LEFT, right: RIGHT })}${renderLaneLabels(glance.lanes, laneY)}${
    glance.windows.length === 0
      ? html`<text x="${round1((LEFT + RIGHT) / 2)}" y="${round1(top + 16)}" text-anchor="middle" fill="${MUTED}">No impact recorded</text>`
      : renderWindows(glance, draw)
  }<g stroke="${INK}" stroke-dasharray="4 3">${glance.keyTimes.map(({ at }) => html`<path d="M${x(at)} ${top - 4}V${bottom}"/>`)}</g><g fill="${INK}">${labels.map(
    (label) =>
      html`<text x="${label.anchorEnd ? round1(label.x - 3) : round1(label.x + 3)}" y="${6 + (label.row + 1) * KEY_ROW - 3}"${label.anchorEnd ? html` text-anchor="end"` : ''}>${label.text}</text>`,
  )}</g>${renderMarks(glance, draw)}${legend.markup}`;
  return renderChartFrame({
    id,
    title: `Incident ${facts.incident.number} at a glance`,
    description: describeGlance(glance, facts),
    caption: `Impact per service, production deploys by layer (other environments are not shown), firing alerts and the key times, on ${zone} clocks.`,
    width: WIDTH,
    height: round1(bottom + 40 + legend.height + 4),
    body,
    table: {
      caption: `Incident ${facts.incident.number}: key times, impact, production deploys and firing alerts`,
      columns: [{ label: 'What' }, { label: 'Service' }, { label: `When (${zone})` }, { label: 'Details' }],
      rows: glanceRows(glance, zone),
      empty: 'No impact recorded',
    },
  });
};
