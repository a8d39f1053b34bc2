// Characters XML 1.0 forbids even escaped; whatever a person typed may hold them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what this removes
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Markup made of escaped text that an XML parser will take: the characters XML 1.0 cannot carry at all (control
 * characters, lone surrogates) left out, since escaping cannot save them. Markup sitrep writes holds none of them.
 */
export const keepXmlCharacters = (markup: string): string => markup.replace(NOT_XML, '').toWellFormed();
