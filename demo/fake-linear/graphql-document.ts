// The part of GraphQL's query language the fake Linear reads: one query or mutation with variables, fields with
// arguments and aliases, and literal values. Fragments and directives are refused as unsupported, loudly, rather than
// half read. Errors read as graphql-js's, which Linear's server relays.

export type GraphqlValue =
  | { kind: 'variable'; name: string }
  | { kind: 'literal'; value: unknown }
  | { kind: 'enum'; name: string }
  | { kind: 'list'; values: GraphqlValue[] }
  | { kind: 'object'; fields: Record<string, GraphqlValue> };

export type GraphqlField = {
  /** The key in the answer: the alias, else the name. */
  key: string;
  name: string;
  args: Record<string, GraphqlValue>;
  /** Undefined for a scalar. */
  selections: GraphqlField[] | undefined;
};

export type GraphqlOperation = {
  type: 'query' | 'mutation';
  /** Each variable's declared type as written (`String!`, `[String!]!`), and whether it has a default. */
  variables: Map<string, { type: string; hasDefault: boolean }>;
  selections: GraphqlField[];
};

export class GraphqlSyntaxError extends Error {}

const TOKEN =
  /\s+|#[^\n]*|,|(\.\.\.|[{}()[\]:!$=@|&])|([_A-Za-z][_0-9A-Za-z]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|("(?:[^"\\\n]|\\.)*")/y;

type Token = { kind: 'punct' | 'name' | 'number' | 'string'; text: string };

const tokenize = (source: string): Token[] => {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (match === null) {
      const character = source.slice(at, at + 1);
      throw new GraphqlSyntaxError(`Syntax Error: Unexpected character: "${character}".`);
    }
    const [, punct, name, number, string] = match;
    if (punct !== undefined) tokens.push({ kind: 'punct', text: punct });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (string !== undefined) tokens.push({ kind: 'string', text: string });
  }
  return tokens;
};

const describe = (token: Token | undefined): string => {
  if (token === undefined) return '<EOF>';
  return token.kind === 'name' ? `Name "${token.text}"` : `"${token.text}"`;
};

/** Reads a document of one operation; throws a `GraphqlSyntaxError` as graphql-js words them. */
export const parseGraphqlDocument = (source: string): GraphqlOperation => {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => {
    const token = tokens[position];
    position += 1;
    return token;
  };
  const isPunct = (text: string) => peek()?.kind === 'punct' && peek()?.text === text;
  const expectPunct = (text: string) => {
    const token = next();
    if (token?.kind !== 'punct' || token.text !== text) {
      throw new GraphqlSyntaxError(`Syntax Error: Expected "${text}", found ${describe(token)}.`);
    }
  };
  const expectName = (): string => {
    const token = next();
    if (token?.kind !== 'name') throw new GraphqlSyntaxError(`Syntax Error: Expected Name, found ${describe(token)}.`);
    return token.text;
  };

  const parseType = (): string => {
    let type: string;
    if (isPunct('[')) {
      next();
      const inner = parseType();
      expectPunct(']');
      type = `[${inner}]`;
    } else type = expectName();
    if (isPunct('!')) {
      next();
      type += '!';
    }
    return type;
  };

  const parseValue = (): GraphqlValue => {
    const token = next();
    if (token === undefined) throw new GraphqlSyntaxError('Syntax Error: Unexpected <EOF>.');
    if (token.kind === 'string') return { kind: 'literal', value: JSON.parse(token.text) };
    if (token.kind === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.kind === 'name') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'literal', value: null };
      return { kind: 'enum', name: token.text };
    }
    if (token.text === '$') return { kind: 'variable', name: expectName() };
    if (token.text === '[') {
      const values: GraphqlValue[] = [];
      while (!isPunct(']')) values.push(parseValue());
      next();
      return { kind: 'list', values };
    }
    if (token.text === '{') {
      const fields: Record<string, GraphqlValue> = {};
      while (!isPunct('}')) {
        const name = expectName();
        expectPunct(':');
        fields[name] = parseValue();
      }
      next();
      return { kind: 'object', fields };
    }
    throw new GraphqlSyntaxError(`Syntax Error: Unexpected ${describe(token)}.`);
  };

  const parseSelections = (): GraphqlField[] => {
    expectPunct('{');
    const fields: GraphqlField[] = [];
    while (!isPunct('}')) {
      if (isPunct('...') || isPunct('@')) {
        throw new GraphqlSyntaxError('The fake Linear reads no fragments or directives: ask for each field by name.');
      }
      const first = expectName();
      let name = first;
      if (isPunct(':')) {
        next();
        name = expectName();
      }
      const args: Record<string, GraphqlValue> = {};
      if (isPunct('(')) {
        next();
        while (!isPunct(')')) {
          const arg = expectName();
          expectPunct(':');
          args[arg] = parseValue();
        }
        next();
      }
      const selections = isPunct('{') ? parseSelections() : undefined;
      fields.push({ key: first, name, args, selections });
    }
    next();
    if (fields.length === 0) throw new GraphqlSyntaxError('Syntax Error: Expected Name, found "}".');
    return fields;
  };

  const parseOperation = (): GraphqlOperation => {
    const variables = new Map<string, { type: string; hasDefault: boolean }>();
    if (isPunct('{')) return { type: 'query', variables, selections: parseSelections() };
    const keyword = expectName();
    if (keyword !== 'query' && keyword !== 'mutation') {
      throw new GraphqlSyntaxError(`Syntax Error: Unexpected Name "${keyword}".`);
    }
    if (peek()?.kind === 'name') next();
    if (isPunct('(')) {
      next();
      while (!isPunct(')')) {
        expectPunct('$');
        const name = expectName();
        expectPunct(':');
        const type = parseType();
        const hasDefault = isPunct('=');
        if (hasDefault) {
          next();
          parseValue();
        }
        variables.set(name, { type, hasDefault });
      }
      next();
    }
    return { type: keyword, variables, selections: parseSelections() };
  };

  const operation = parseOperation();
  if (position < tokens.length) {
    throw new GraphqlSyntaxError('The fake Linear runs one operation per request, as sitrep sends them.');
  }
  return operation;
};
