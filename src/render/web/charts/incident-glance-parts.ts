import type { DeployLayer } from '../../../domain/deploys/deploy.ts';
import type { Html } from '../html.ts';
import {
  BAD,
  boxSwatch,
  estimateTextWidth,
  INK,
  type LegendItem,
  lineSwatch,
  PALETTE,
  renderLegend,
  renderMarker,
  type Shape,
} from './svg-kit.ts';

/** How each deploy layer is drawn: a shape of its own and a colour of its own, so neither alone tells them apart. */
export const LAYER_MARKS: readonly { layer: DeployLayer; shape: Shape; colour: string }[] = [
  { layer: 'database', shape: 'square', colour: PALETTE[2] },
  { layer: 'artifact', shape: 'circle', colour: PALETTE[0] },
  { layer: 'fleet', shape: 'triangle', colour: PALETTE[3] },
  { layer: 'feature', shape: 'diamond', colour: PALETTE[4] },
];

export type KeyLabel = { x: number; text: string; row: number; anchorEnd: boolean };

export type PlaceKeyLabelsOptions = { items: readonly { x: number; text: string }[]; right: number };

/**
 * Rows for the labels of the key-time lines: each goes in the first row where it clears the label before it, so
 * times minutes apart (detected, then declared) stay readable. A label that would run past `right` ends at its line.
 */
export const placeKeyLabels = ({ items, right }: PlaceKeyLabelsOptions): KeyLabel[] => {
  const rowEnds: number[] = [];
  return [...items]
    .sort((a, b) => a.x - b.x)
    .map(({ x, text }) => {
      const width = estimateTextWidth(text) + 6;
      const anchorEnd = x + 3 + width > right;
      const [start, end] = anchorEnd ? [x - 3 - width, x] : [x, x + 3 + width];
      let row = rowEnds.findIndex((rowEnd) => rowEnd < start);
      if (row === -1) row = rowEnds.length;
      rowEnds[row] = end;
      return { x, text, row, anchorEnd };
    });
};

export type GlanceLegendOptions = { id: string; y: number; width: number };

/** What each mark of the chart means: outage and degraded windows, a shape per deploy layer, alerts, key times. */
export const glanceLegend = ({ id, y, width }: GlanceLegendOptions): { markup: Html; height: number } => {
  const items: LegendItem[] = [
    { label: 'Outage', swatch: boxSwatch(BAD) },
    { label: 'Degraded', swatch: boxSwatch(`url(#${id}-degraded)`, '#8a5300') },
    ...LAYER_MARKS.map(({ layer, shape, colour }) => ({
      label: `${layer} deploy`,
      swatch: (x: number, cy: number) => renderMarker({ shape, x, y: cy, colour }),
    })),
    {
      label: 'Alert firing',
      swatch: (x: number, cy: number) => renderMarker({ shape: 'cross', x, y: cy, colour: INK }),
    },
    { label: 'Key time', swatch: lineSwatch(INK, '4 3') },
  ];
  return renderLegend({ items, x: 8, y, width });
};
