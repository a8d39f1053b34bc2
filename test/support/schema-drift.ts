import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { z } from 'zod';
import type { SqlSession } from '../../src/store/sql-session.ts';

/*
 * Compares what schema.prisma describes (read by Prisma's own parser) with what the migrations built (read from
 * pg_catalog in the session's current schema), both ways. Each difference is one sentence naming the model and field
 * and, where there is one, the SQL that a migration would need.
 */

const ZDefault = z.union([
  z.object({ name: z.string(), args: z.array(z.unknown()) }),
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.unknown()),
]);
const ZField = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  kind: z.enum(['scalar', 'object', 'enum', 'unsupported']),
  isList: z.boolean(),
  isRequired: z.boolean(),
  type: z.string(),
  nativeType: z.tuple([z.string(), z.array(z.string())]).nullish(),
  default: ZDefault.optional(),
  relationFromFields: z.array(z.string()).optional(),
  relationToFields: z.array(z.string()).optional(),
  relationOnDelete: z.string().optional(),
  relationOnUpdate: z.string().optional(),
});
const ZDmmf = z.object({
  datamodel: z.object({
    enums: z.array(
      z.object({
        name: z.string(),
        dbName: z.string().nullish(),
        values: z.array(z.object({ name: z.string(), dbName: z.string().nullish() })),
      }),
    ),
    models: z.array(z.object({ name: z.string(), dbName: z.string().nullish(), fields: z.array(ZField) })),
    indexes: z.array(
      z.object({
        model: z.string(),
        type: z.enum(['id', 'unique', 'normal', 'fulltext']),
        isDefinedOnField: z.boolean(),
        dbName: z.string().nullish(),
        fields: z.array(z.object({ name: z.string(), sortOrder: z.enum(['asc', 'desc']).optional() })),
      }),
    ),
  }),
});
type TField = z.infer<typeof ZField>;
export type TDatamodel = z.infer<typeof ZDmmf>['datamodel'];

/** The datamodel of a schema.prisma text, as `prisma generate` sees it. */
export const readDatamodel = (schema: string): TDatamodel =>
  ZDmmf.parse(JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] })))).datamodel;

const ZTableRow = z.object({ name: z.string() });
const ZColumnRow = z.object({
  table_name: z.string(),
  name: z.string(),
  type: z.string(),
  not_null: z.boolean(),
  default: z.string().nullable(),
  sequence: z.string().nullable(),
});
const ZIndexRow = z.object({
  table_name: z.string(),
  name: z.string(),
  is_primary: z.boolean(),
  is_unique: z.boolean(),
  columns: z.array(z.string()),
});
const ZForeignKeyRow = z.object({
  table_name: z.string(),
  name: z.string(),
  referenced_table: z.string(),
  columns: z.array(z.string()),
  referenced_columns: z.array(z.string()),
  on_delete: z.string(),
  on_update: z.string(),
});
const ZEnumRow = z.object({ name: z.string(), formatted: z.string(), values: z.array(z.string()) });

const IN_SCHEMA = 'JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()';
const columnsOf = (keys: string, rel: string) =>
  `array(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum ORDER BY k.ord)`;

const readDatabase = async (session: SqlSession) => ({
  tables: z
    .array(ZTableRow)
    .parse(
      await session.query(`SELECT c.relname::text AS name FROM pg_class c ${IN_SCHEMA} AND c.relkind IN ('r', 'p')`),
    ),
  columns: z.array(ZColumnRow).parse(
    await session.query(
      `SELECT c.relname::text AS table_name, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
         a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default,
         pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       ${IN_SCHEMA} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    ),
  ),
  indexes: z.array(ZIndexRow).parse(
    await session.query(
      `SELECT c.relname::text AS table_name, i.relname::text AS name, x.indisprimary AS is_primary,
         x.indisunique AS is_unique,
         array(SELECT coalesce(a.attname::text, pg_get_indexdef(x.indexrelid, k.ord::int, true))
             || CASE WHEN pg_index_column_has_property(x.indexrelid, k.ord::int, 'desc') THEN ' DESC' ELSE '' END
           FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
           LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid ${IN_SCHEMA}`,
    ),
  ),
  foreignKeys: z.array(ZForeignKeyRow).parse(
    await session.query(
      `SELECT c.relname::text AS table_name, con.conname::text AS name, r.relname::text AS referenced_table,
         ${columnsOf('con.conkey', 'con.conrelid')} AS columns,
         ${columnsOf('con.confkey', 'con.confrelid')} AS referenced_columns,
         con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
       ${IN_SCHEMA} AND con.contype = 'f'`,
    ),
  ),
  enums: z.array(ZEnumRow).parse(
    await session.query(
      `SELECT t.typname::text AS name, format_type(t.oid, NULL) AS formatted,
         array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = current_schema() AND t.typtype = 'e'`,
    ),
  ),
});

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteAll = (names: string[]) => names.map((name) => quote(name.replace(/ DESC$/, ''))).join(', ');
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Prisma's default constraint names: `{table}_{columns}_{suffix}`, cut to fit PostgreSQL's 63 bytes. */
const defaultName = ({ table, columns, suffix }: { table: string; columns: string[]; suffix: string }): string => {
  const joined = [table, ...columns].join('_');
  return `${joined.length >= 63 - suffix.length ? joined.slice(0, 62 - suffix.length) : joined}${suffix}`;
};

/** format_type() of a column, and the SQL Prisma writes for it, per native type (`@db.X`). */
const nativeTypes: Record<string, (args: string[]) => [string, string]> = {
  Text: () => ['text', 'TEXT'],
  Uuid: () => ['uuid', 'UUID'],
  VarChar: ([n]) => (n ? [`character varying(${n})`, `VARCHAR(${n})`] : ['character varying', 'VARCHAR']),
  Char: ([n = '1']) => [`character(${n})`, `CHAR(${n})`],
  SmallInt: () => ['smallint', 'SMALLINT'],
  Integer: () => ['integer', 'INTEGER'],
  BigInt: () => ['bigint', 'BIGINT'],
  DoublePrecision: () => ['double precision', 'DOUBLE PRECISION'],
  Real: () => ['real', 'REAL'],
  Decimal: ([p = '65', s = '30']) => [`numeric(${p},${s})`, `DECIMAL(${p},${s})`],
  Boolean: () => ['boolean', 'BOOLEAN'],
  Json: () => ['json', 'JSON'],
  JsonB: () => ['jsonb', 'JSONB'],
  ByteA: () => ['bytea', 'BYTEA'],
  Date: () => ['date', 'DATE'],
  Timestamp: ([p]) =>
    p ? [`timestamp(${p}) without time zone`, `TIMESTAMP(${p})`] : ['timestamp without time zone', 'TIMESTAMP'],
  Timestamptz: ([p]) =>
    p ? [`timestamp(${p}) with time zone`, `TIMESTAMPTZ(${p})`] : ['timestamp with time zone', 'TIMESTAMPTZ'],
};
const scalarTypes: Record<string, [string, string]> = {
  String: ['text', 'TEXT'],
  Int: ['integer', 'INTEGER'],
  BigInt: ['bigint', 'BIGINT'],
  Float: ['double precision', 'DOUBLE PRECISION'],
  Decimal: ['numeric(65,30)', 'DECIMAL(65,30)'],
  Boolean: ['boolean', 'BOOLEAN'],
  DateTime: ['timestamp(3) without time zone', 'TIMESTAMP(3)'],
  Json: ['jsonb', 'JSONB'],
  Bytes: ['bytea', 'BYTEA'],
};
/** Prisma's function defaults that the client fills in, so the column has no default in SQL. */
const clientSideDefaults = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);
const referentialActions: Record<string, string> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};
const actionSql = (action: string) => action.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();

type TDatabase = Awaited<ReturnType<typeof readDatabase>>;
type WantedDefault = { accept: string[] | 'sequence' | 'any'; write: string } | undefined;
type WantedColumn = { label: string; name: string; type: string; sql: string; notNull: boolean; def: WantedDefault };
type Context = {
  datamodel: TDatamodel;
  db: TDatabase;
  drift: string[];
  tableOf: (model: string) => string;
  columnOf: (model: string, field: string) => string;
};

type FieldOptions = { ctx: Context; model: string; field: TField };

const wantedDefault = ({ ctx, field, castTo }: Omit<FieldOptions, 'model'> & { castTo: string }): WantedDefault => {
  const d = field.default;
  if (d === undefined) return undefined;
  if (Array.isArray(d)) return { accept: 'any', write: '...' };
  if (typeof d === 'string') {
    const values = ctx.datamodel.enums.find((e) => e.name === field.type)?.values;
    const value = values?.find((v) => v.name === d)?.dbName ?? d;
    return { accept: [`${literal(value)}::${castTo}`], write: literal(value) };
  }
  if (typeof d !== 'object') return { accept: [String(d), `(${d})`, `'${d}'::${castTo}`], write: String(d) };
  if (d.name === 'now') return { accept: ['CURRENT_TIMESTAMP', 'now()'], write: 'CURRENT_TIMESTAMP' };
  if (d.name === 'autoincrement') return { accept: 'sequence', write: '' };
  const [expression] = d.args;
  if (d.name === 'dbgenerated' && typeof expression === 'string') return { accept: [expression], write: expression };
  return clientSideDefaults.has(d.name) ? undefined : { accept: 'any', write: `${d.name}(...)` };
};

const wantedColumn = ({ ctx, model, field }: FieldOptions): WantedColumn => {
  const label = `${model}.${field.name}`;
  const enumName = ctx.datamodel.enums.find((e) => e.name === field.type);
  let [type, sql] = scalarTypes[field.type] ?? [field.type, field.type];
  if (field.kind === 'enum' && enumName) {
    const name = enumName.dbName ?? enumName.name;
    [type, sql] = [ctx.db.enums.find((e) => e.name === name)?.formatted ?? quote(name), quote(name)];
  } else if (field.nativeType) {
    const [native, args] = field.nativeType;
    const mapped = nativeTypes[native]?.(args);
    if (!mapped) ctx.drift.push(`${label}: test/support/schema-drift.ts does not know @db.${native} yet: add it there`);
    [type, sql] = mapped ?? [native, native];
  }
  if (field.isList) [type, sql] = [`${type}[]`, `${sql}[]`];
  const def = wantedDefault({ ctx, field, castTo: type.replace(/\(\d+(,\d+)?\)/, '') });
  if (def?.accept === 'sequence') sql = { INTEGER: 'SERIAL', BIGINT: 'BIGSERIAL', SMALLINT: 'SMALLSERIAL' }[sql] ?? sql;
  return { label, name: field.dbName ?? field.name, type, sql, notNull: field.isRequired && !field.isList, def };
};

const columnSql = (c: WantedColumn) =>
  `${quote(c.name)} ${c.sql}${c.notNull ? ' NOT NULL' : ''}${c.def && c.def.accept !== 'sequence' ? ` DEFAULT ${c.def.write}` : ''}`;

const compareEnums = ({ datamodel, db, drift }: Context) => {
  for (const wanted of datamodel.enums) {
    const name = wanted.dbName ?? wanted.name;
    const values = wanted.values.map((v) => v.dbName ?? v.name);
    const found = db.enums.find((e) => e.name === name)?.values;
    if (!found) {
      drift.push(
        `enum ${wanted.name}: type ${quote(name)} is missing. Write: CREATE TYPE ${quote(name)} AS ENUM (${values.map(literal).join(', ')});`,
      );
    } else if (found.join() !== values.join()) {
      const add = values
        .filter((v) => !found.includes(v))
        .map((v) => {
          const next = values.slice(values.indexOf(v) + 1).find((n) => found.includes(n));
          return `ALTER TYPE ${quote(name)} ADD VALUE ${literal(v)}${next ? ` BEFORE ${literal(next)}` : ''};`;
        });
      drift.push(
        `enum ${wanted.name}: values are (${found.join(', ')}), schema.prisma has (${values.join(', ')})${add.length ? `. Write: ${add.join(' ')}` : ''}`,
      );
    }
  }
  for (const found of db.enums) {
    if (!datamodel.enums.some((e) => (e.dbName ?? e.name) === found.name)) {
      drift.push(`type ${quote(found.name)} is an enum that no enum of schema.prisma maps to`);
    }
  }
};

const compareColumn = ({ ctx, table, want }: { ctx: Context; table: string; want: WantedColumn }) => {
  const column = ctx.db.columns.find((c) => c.table_name === table && c.name === want.name);
  const where = `${want.label} (column ${quote(table)}.${quote(want.name)})`;
  const alter = `ALTER TABLE ${quote(table)} ALTER COLUMN ${quote(want.name)}`;
  if (!column) return [`${where} is missing. Write: ALTER TABLE ${quote(table)} ADD COLUMN ${columnSql(want)};`];
  const drift: string[] = [];
  if (column.type !== want.type) {
    drift.push(
      `${where} is ${column.type}, schema.prisma wants ${want.type}. Write: ${alter} SET DATA TYPE ${want.sql};`,
    );
  }
  if (column.not_null !== want.notNull) {
    const [is, wants, fix] = column.not_null ? ['NOT NULL', 'optional', 'DROP'] : ['nullable', 'required', 'SET'];
    drift.push(`${where} is ${is}, schema.prisma has it ${wants}. Write: ${alter} ${fix} NOT NULL;`);
  }
  const accept = want.def?.accept;
  const has = column.default === null ? 'no default' : `DEFAULT ${column.default}`;
  if (accept === undefined && column.default !== null) {
    drift.push(`${where} has ${has}, schema.prisma has no database default. Write: ${alter} DROP DEFAULT;`);
  } else if (accept === 'sequence' && (column.sequence === null || !column.default?.startsWith('nextval('))) {
    drift.push(
      `${where} has ${has} and no owned sequence, schema.prisma has @default(autoincrement()): create it as ${want.sql}`,
    );
  } else if (Array.isArray(accept) && (column.default === null || !accept.includes(column.default))) {
    drift.push(
      `${where} has ${has}, schema.prisma wants DEFAULT ${want.def?.write}. Write: ${alter} SET DEFAULT ${want.def?.write};`,
    );
  } else if (accept === 'any' && column.default === null) {
    drift.push(`${where} has no default, schema.prisma has a database default (${want.def?.write})`);
  }
  return drift;
};

const compareTables = ({ ctx, primaryKeys }: { ctx: Context; primaryKeys: Map<string, string> }) => {
  const { datamodel, db, drift } = ctx;
  for (const model of datamodel.models) {
    const table = ctx.tableOf(model.name);
    const wanted = model.fields
      .filter((f) => f.kind !== 'object')
      .map((field) => wantedColumn({ ctx, model: model.name, field }));
    if (!db.tables.some((t) => t.name === table)) {
      const primaryKey = primaryKeys.get(model.name);
      const lines = [...wanted.map(columnSql), ...(primaryKey ? [primaryKey] : [])];
      drift.push(
        `model ${model.name}: table ${quote(table)} is missing. Write: CREATE TABLE ${quote(table)} (${lines.join(', ')});`,
      );
      continue;
    }
    for (const want of wanted) drift.push(...compareColumn({ ctx, table, want }));
    for (const column of db.columns.filter((c) => c.table_name === table && !wanted.some((w) => w.name === c.name))) {
      drift.push(
        `column ${quote(table)}.${quote(column.name)} (${column.type}) is in no field of model ${model.name}. Add the field or write: ALTER TABLE ${quote(table)} DROP COLUMN ${quote(column.name)};`,
      );
    }
  }
  for (const { name } of db.tables) {
    if (name !== '_prisma_migrations' && !datamodel.models.some((m) => ctx.tableOf(m.name) === name)) {
      drift.push(
        `table ${quote(name)} is in no model of schema.prisma. Add the model or write: DROP TABLE ${quote(name)};`,
      );
    }
  }
};

const wantedIndexes = (ctx: Context) =>
  ctx.datamodel.indexes.map((index) => {
    const table = ctx.tableOf(index.model);
    const columns = index.fields.map(
      (f) => `${ctx.columnOf(index.model, f.name)}${f.sortOrder === 'desc' ? ' DESC' : ''}`,
    );
    const fields = index.fields.map((f) => f.name).join(', ');
    const attribute = { id: 'id', unique: 'unique', normal: 'index', fulltext: 'fulltext' }[index.type];
    const origin = index.isDefinedOnField
      ? `${index.model}.${fields} @${attribute}`
      : `${index.model} @@${attribute}([${fields}])`;
    const suffix = { id: '_pkey', unique: '_key', normal: '_idx', fulltext: '_idx' }[index.type];
    const bare = columns.map((c) => c.replace(/ DESC$/, ''));
    const name = index.dbName ?? defaultName({ table, columns: index.type === 'id' ? [] : bare, suffix });
    const list = columns
      .map((c) => c.replace(/^(.*?)( DESC)?$/, (_, n: string, desc = '') => `${quote(n)}${desc}`))
      .join(', ');
    const sql =
      index.type === 'id'
        ? `ALTER TABLE ${quote(table)} ADD CONSTRAINT ${quote(name)} PRIMARY KEY (${list});`
        : `CREATE ${index.type === 'unique' ? 'UNIQUE ' : ''}INDEX ${quote(name)} ON ${quote(table)}(${list});`;
    const kind = index.type === 'id' ? 'primary key' : index.type === 'unique' ? 'unique index' : 'index';
    return {
      model: index.model,
      type: index.type,
      table,
      columns,
      origin,
      name,
      sql,
      kind,
      inTable: `CONSTRAINT ${quote(name)} PRIMARY KEY (${list})`,
    };
  });

const compareIndexes = ({ ctx, wanted }: { ctx: Context; wanted: ReturnType<typeof wantedIndexes> }) => {
  const { db, drift } = ctx;
  for (const want of wanted) {
    const found = db.indexes.find((i) => i.table_name === want.table && i.name === want.name);
    if (!found) {
      if (want.type !== 'id' || db.tables.some((t) => t.name === want.table)) {
        drift.push(
          `${want.origin}: ${want.kind} ${quote(want.name)} on (${want.columns.join(', ')}) is missing. Write: ${want.sql}`,
        );
      }
      continue;
    }
    const kind = found.is_primary ? 'primary key' : found.is_unique ? 'unique index' : 'index';
    if (kind !== want.kind || found.columns.join() !== want.columns.join()) {
      drift.push(
        `${want.origin}: ${quote(want.name)} is a ${kind} on (${found.columns.join(', ')}), schema.prisma wants a ${want.kind} on (${want.columns.join(', ')})`,
      );
    }
  }
  for (const found of db.indexes) {
    const known = ctx.datamodel.models.some((m) => ctx.tableOf(m.name) === found.table_name);
    if (known && !wanted.some((w) => w.table === found.table_name && w.name === found.name)) {
      drift.push(
        `index ${quote(found.name)} on ${quote(found.table_name)} (${found.columns.join(', ')}) is in no @id, @unique or @@index of schema.prisma. Declare it or write: DROP INDEX ${quote(found.name)};`,
      );
    }
  }
};

type ForeignKey = {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
};
const describeKey = (k: ForeignKey) =>
  `FOREIGN KEY (${quoteAll(k.columns)}) REFERENCES ${quote(k.referencedTable)}(${quoteAll(k.referencedColumns)}) ON DELETE ${actionSql(k.onDelete)} ON UPDATE ${actionSql(k.onUpdate)}`;

const compareForeignKeys = (ctx: Context) => {
  const { datamodel, db, drift } = ctx;
  const wanted = datamodel.models.flatMap((model) =>
    model.fields.flatMap((field) => {
      const from = field.relationFromFields ?? [];
      if (field.kind !== 'object' || from.length === 0) return [];
      const table = ctx.tableOf(model.name);
      const columns = from.map((f) => ctx.columnOf(model.name, f));
      const key = describeKey({
        columns,
        referencedTable: ctx.tableOf(field.type),
        referencedColumns: (field.relationToFields ?? []).map((f) => ctx.columnOf(field.type, f)),
        // Prisma's defaults: Restrict for a required relation, SetNull for an optional one; Cascade on update.
        onDelete: field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull'),
        onUpdate: field.relationOnUpdate ?? 'Cascade',
      });
      return [
        { origin: `${model.name}.${field.name}`, table, name: defaultName({ table, columns, suffix: '_fkey' }), key },
      ];
    }),
  );
  for (const want of wanted) {
    const row = db.foreignKeys.find((k) => k.table_name === want.table && k.name === want.name);
    const found =
      row &&
      describeKey({
        columns: row.columns,
        referencedTable: row.referenced_table,
        referencedColumns: row.referenced_columns,
        onDelete: referentialActions[row.on_delete] ?? row.on_delete,
        onUpdate: referentialActions[row.on_update] ?? row.on_update,
      });
    if (!found) {
      const add = `ALTER TABLE ${quote(want.table)} ADD CONSTRAINT ${quote(want.name)} ${want.key};`;
      drift.push(`${want.origin}: foreign key ${quote(want.name)} is missing. Write: ${add}`);
    } else if (found !== want.key) {
      drift.push(`${want.origin}: foreign key ${quote(want.name)} is ${found}, schema.prisma wants ${want.key}`);
    }
  }
  for (const row of db.foreignKeys) {
    if (!wanted.some((k) => k.table === row.table_name && k.name === row.name)) {
      drift.push(
        `foreign key ${quote(row.name)} on ${quote(row.table_name)} (${row.columns.join(', ')}) is in no @relation of schema.prisma (this check cannot see @relation(map: ...) names)`,
      );
    }
  }
};

export type FindSchemaDriftOptions = { schema: string; session: SqlSession };

/** One sentence per difference between a schema.prisma text and the database the session is in; none when they agree. */
export const findSchemaDrift = async ({ schema, session }: FindSchemaDriftOptions): Promise<string[]> => {
  const datamodel = readDatamodel(schema);
  const modelOf = (name: string) => datamodel.models.find((m) => m.name === name);
  const ctx: Context = {
    datamodel,
    db: await readDatabase(session),
    drift: [],
    tableOf: (model) => modelOf(model)?.dbName ?? model,
    columnOf: (model, field) => modelOf(model)?.fields.find((f) => f.name === field)?.dbName ?? field,
  };
  const indexes = wantedIndexes(ctx);
  compareEnums(ctx);
  compareTables({ ctx, primaryKeys: new Map(indexes.filter((i) => i.type === 'id').map((i) => [i.model, i.inTable])) });
  compareIndexes({ ctx, wanted: indexes });
  compareForeignKeys(ctx);
  return ctx.drift;
};
