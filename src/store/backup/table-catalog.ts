import type { SqlSession } from '../sql-session.ts';

/** A table of sitrep's schema, as the backup reads and restores it. */
export type CatalogTable = {
  name: string;
  /**
   * How its rows (`t`) are ordered: by primary key, text columns in the "C" collation, so PGlite and PostgreSQL list
   * them alike.
   */
  orderBy: string;
};

/** A sequence behind a column (`Incident.number`), to be set again after a restore so numbers never repeat. */
export type CatalogSequence = { table: string; column: string };

export type TableCatalog = { tables: CatalogTable[]; sequences: CatalogSequence[] };

/**
 * Tables a backup leaves out: Prisma's bookkeeping (a restore writes its own rows, migrating the target to the
 * backup's migration), and the counts of changed report facts, which the restored rows' triggers count again.
 */
const DERIVED_TABLES = ['_prisma_migrations', 'ServiceFactVersion'];

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

type TableRow = { oid: number; name: string; key: { column: string; collatable: boolean }[] | null };

/**
 * Parents before children (a row's foreign keys point at rows already inserted), then by name; a table that refers
 * to itself comes after itself trivially.
 */
const orderByDependencies = (tables: TableRow[], edges: { child: number; parent: number }[]): TableRow[] => {
  const ordered: TableRow[] = [];
  const placed = new Set<number>();
  let remaining = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const ready = remaining.filter((table) =>
      edges.every((edge) => edge.child !== table.oid || edge.parent === table.oid || placed.has(edge.parent)),
    );
    // A cycle of foreign keys between tables (sitrep has none) is taken in name order rather than looping forever.
    const next = ready.length > 0 ? ready : remaining.slice(0, 1);
    for (const table of next) {
      ordered.push(table);
      placed.add(table.oid);
    }
    remaining = remaining.filter((table) => !placed.has(table.oid));
  }
  return ordered;
};

/** sitrep's tables in the session's schema, in an order rows can be inserted in, and the sequences behind columns. */
export const readTableCatalog = async (session: SqlSession): Promise<TableCatalog> => {
  const tables = await session.query<TableRow>(
    `SELECT c.oid::int AS oid, c.relname AS name,
            (SELECT json_agg(json_build_object('column', a.attname, 'collatable', a.attcollation <> 0) ORDER BY k.ord)
               FROM pg_index i
               CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = c.oid AND i.indisprimary) AS key
       FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ALL($1::text[])`,
    [DERIVED_TABLES],
  );
  const edges = await session.query<{ child: number; parent: number }>(
    `SELECT conrelid::int AS child, confrelid::int AS parent FROM pg_constraint
      WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
  );
  const sequences = await session.query<CatalogSequence>(
    `SELECT t.relname AS "table", a.attname AS "column"
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        AND t.relnamespace = current_schema()::regnamespace AND t.relname <> ALL($1::text[])
      ORDER BY t.relname, a.attname`,
    [DERIVED_TABLES],
  );
  return {
    tables: orderByDependencies(tables, edges).map((table) => ({
      name: table.name,
      orderBy:
        table.key === null
          ? 'row_to_json(t)::text COLLATE "C"'
          : table.key
              .map(({ column, collatable }) => `t.${quoteIdentifier(column)}${collatable ? ' COLLATE "C"' : ''}`)
              .join(', '),
    })),
    sequences,
  };
};
