// Slack's documented Block Kit limits (docs.slack.dev, reference/block-kit), checked on what a builder returns. Each
// problem names where it is (`blocks[3].elements[0].text`), so a failing property test says which part broke.

/** Where blocks go: a message holds 50, a modal or the Home tab 100. */
export type Surface = 'message' | 'modal' | 'home';

export const BLOCK_KIT_LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  optionText: 75,
  optionValue: 150,
  staticOptions: 100,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  actionsElements: 25,
} as const;

type Problems = string[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const textOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.text === 'string' ? value.text : undefined;

const over = (problems: Problems, where: string, value: string | undefined, max: number): void => {
  if (value !== undefined && value.length > max)
    problems.push(`${where} is ${value.length} characters; at most ${max}`);
};

const checkOption = (problems: Problems, where: string, option: unknown): void => {
  if (!isRecord(option)) return;
  over(problems, `${where}.text`, textOf(option.text), BLOCK_KIT_LIMITS.optionText);
  over(
    problems,
    `${where}.value`,
    typeof option.value === 'string' ? option.value : undefined,
    BLOCK_KIT_LIMITS.optionValue,
  );
};

const checkElement = (problems: Problems, where: string, element: unknown): void => {
  if (!isRecord(element)) return;
  const limits = BLOCK_KIT_LIMITS;
  if (typeof element.action_id === 'string') over(problems, `${where}.action_id`, element.action_id, limits.id);
  if (element.type === 'button') {
    over(problems, `${where}.text`, textOf(element.text), limits.buttonText);
    over(problems, `${where}.value`, typeof element.value === 'string' ? element.value : undefined, limits.buttonValue);
    over(problems, `${where}.url`, typeof element.url === 'string' ? element.url : undefined, limits.url);
  }
  over(problems, `${where}.placeholder`, textOf(element.placeholder), limits.placeholder);
  const options = Array.isArray(element.options) ? element.options : [];
  if (options.length > limits.staticOptions)
    problems.push(`${where}.options has ${options.length}; at most ${limits.staticOptions}`);
  options.forEach((option, i) => {
    checkOption(problems, `${where}.options[${i}]`, option);
  });
  if ('initial_option' in element) checkOption(problems, `${where}.initial_option`, element.initial_option);
};

const checkBlock = (problems: Problems, where: string, block: unknown): void => {
  if (!isRecord(block)) return;
  const limits = BLOCK_KIT_LIMITS;
  if (typeof block.block_id === 'string') over(problems, `${where}.block_id`, block.block_id, limits.id);
  if (block.type === 'header') over(problems, `${where}.text`, textOf(block.text), limits.headerText);
  if (block.type === 'section') {
    over(problems, `${where}.text`, textOf(block.text), limits.sectionText);
    const fields = Array.isArray(block.fields) ? block.fields : [];
    if (fields.length > limits.sectionFields) problems.push(`${where}.fields has ${fields.length}; at most 10`);
    fields.forEach((field, i) => {
      over(problems, `${where}.fields[${i}]`, textOf(field), limits.fieldText);
    });
    if (block.accessory !== undefined) checkElement(problems, `${where}.accessory`, block.accessory);
  }
  if (block.type === 'context') {
    const elements = Array.isArray(block.elements) ? block.elements : [];
    if (elements.length > limits.contextElements) problems.push(`${where}.elements has ${elements.length}; at most 10`);
    elements.forEach((element, i) => {
      over(problems, `${where}.elements[${i}]`, textOf(element), limits.contextText);
    });
  }
  if (block.type === 'actions') {
    const elements = Array.isArray(block.elements) ? block.elements : [];
    if (elements.length > limits.actionsElements) problems.push(`${where}.elements has ${elements.length}; at most 25`);
    elements.forEach((element, i) => {
      checkElement(problems, `${where}.elements[${i}]`, element);
    });
  }
  if (block.type === 'input') {
    over(problems, `${where}.label`, textOf(block.label), limits.inputLabel);
    over(problems, `${where}.hint`, textOf(block.hint), limits.inputHint);
    checkElement(problems, `${where}.element`, block.element);
  }
};

/**
 * What in a message or a view breaks one of Slack's limits; empty when Slack would take it. `payload` is what a
 * builder returns: `{ text, blocks }` for a message, a view (`type: 'modal' | 'home'`) otherwise.
 */
export const checkBlockKitLimits = (surface: Surface, payload: unknown): string[] => {
  const problems: Problems = [];
  if (!isRecord(payload)) return ['not an object'];
  const blocks = Array.isArray(payload.blocks) ? payload.blocks : [];
  const maxBlocks = BLOCK_KIT_LIMITS.blocks[surface];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks; a ${surface} holds at most ${maxBlocks}`);
  blocks.forEach((block, i) => {
    checkBlock(problems, `blocks[${i}]`, block);
  });
  if (surface === 'modal') {
    over(problems, 'title', textOf(payload.title), BLOCK_KIT_LIMITS.modalTitle);
    over(problems, 'submit', textOf(payload.submit), BLOCK_KIT_LIMITS.modalButton);
    over(problems, 'close', textOf(payload.close), BLOCK_KIT_LIMITS.modalButton);
  }
  if (typeof payload.private_metadata === 'string')
    over(problems, 'private_metadata', payload.private_metadata, BLOCK_KIT_LIMITS.privateMetadata);
  if (typeof payload.callback_id === 'string')
    over(problems, 'callback_id', payload.callback_id, BLOCK_KIT_LIMITS.callbackId);
  return problems;
};
