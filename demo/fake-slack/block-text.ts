import { isRecord } from './params.ts';

// Renders Block Kit the way a person reads it in the Slack client, one line per visual row.

const textOf = (value: unknown): string => (isRecord(value) && typeof value.text === 'string' ? value.text : '');

const elementLabel = (element: unknown): string => {
  if (!isRecord(element)) return '';
  if (element.type === 'button') return `[${textOf(element.text)}]`;
  if (element.type === 'image') return `[image: ${String(element.alt_text ?? '')}]`;
  if (element.type === 'plain_text' || element.type === 'mrkdwn') return textOf(element);
  if (element.type === 'overflow') return '[…]';
  const placeholder = textOf(element.placeholder);
  return `[${placeholder || String(element.type)} ▾]`;
};

const richTextOf = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(richTextOf).join('');
  if (!isRecord(value)) return '';
  switch (value.type) {
    case 'text':
      return String(value.text ?? '');
    case 'link':
      return String(value.text ?? value.url ?? '');
    case 'user':
      return `<@${String(value.user_id)}>`;
    case 'channel':
      return `<#${String(value.channel_id)}>`;
    case 'emoji':
      return `:${String(value.name)}:`;
    case 'broadcast':
      return `<!${String(value.range)}>`;
    case 'rich_text_list':
      return Array.isArray(value.elements) ? value.elements.map((item) => `• ${richTextOf(item)}`).join('\n') : '';
    case 'rich_text_preformatted':
      return `\`\`\`${richTextOf(value.elements)}\`\`\``;
    case 'rich_text_quote':
      return `> ${richTextOf(value.elements)}`;
    default:
      return richTextOf(value.elements);
  }
};

const blockLines = (block: unknown): string[] => {
  if (!isRecord(block)) return [];
  switch (block.type) {
    case 'header':
      return [`# ${textOf(block.text)}`];
    case 'section': {
      const accessory = block.accessory === undefined ? '' : ` ${elementLabel(block.accessory)}`;
      const text = textOf(block.text);
      // Slack lays fields out in two columns, each a label above its value: here a row of two, label before value.
      const fields = Array.isArray(block.fields)
        ? block.fields.map((field) => textOf(field).replaceAll('\n', ' '))
        : [];
      const rows = fields.flatMap((field, index) =>
        index % 2 === 0 ? [[field, fields[index + 1]].filter((f) => f !== undefined).join(' | ')] : [],
      );
      return [...(text || accessory ? [`${text}${accessory}`.trim()] : []), ...rows];
    }
    case 'context':
      return [`› ${Array.isArray(block.elements) ? block.elements.map(elementLabel).join(' · ') : ''}`];
    case 'divider':
      return ['---'];
    case 'actions':
      return [Array.isArray(block.elements) ? block.elements.map(elementLabel).join(' ') : ''];
    case 'image':
      return [`[image: ${String(block.alt_text ?? '')}]`];
    case 'input':
      return [`${textOf(block.label)}: ${elementLabel(block.element)}`];
    case 'rich_text':
      return Array.isArray(block.elements) ? block.elements.map(richTextOf).join('\n').split('\n') : [];
    case 'markdown':
      return String(block.text ?? '').split('\n');
    default:
      return [`[${String(block.type)}]`];
  }
};

/** Readable lines for a list of blocks: headers as `# …`, fields joined by `|`, buttons as `[label]`. */
export const flattenBlocks = (blocks: unknown[]): string[] => blocks.flatMap(blockLines);

export type NameLookup = { user: (id: string) => string | undefined; channel: (id: string) => string | undefined };

/** Turns Slack mrkdwn references into what the client shows: `<@U1>` -> `@alice`, `<url|label>` -> `label`. */
export const humanizeMrkdwn = (text: string, names: NameLookup): string =>
  text.replace(/<([^<>]+)>/g, (whole, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) return `@${label ?? names.user(target.slice(1)) ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? names.channel(target.slice(1)) ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ?? '@team';
    if (target.startsWith('!date^')) return label ?? target;
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    if (/^(https?|mailto):/.test(target)) return label ?? target;
    return whole;
  });
