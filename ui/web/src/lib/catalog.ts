// What the editor can complete: the tables and columns the query declares with CREATE TABLE, and the
// functions the server knows.

export interface TableInfo {
  name: string;
  columns: string[];
  connector?: string;
}

const CREATE = /create\s+table\s+(?:if\s+not\s+exists\s+)?("?)([A-Za-z_][\w]*)\1\s*\(([\s\S]*?)\)\s*with\s*\(([\s\S]*?)\)/gi;
const CREATE_NO_COLUMNS = /create\s+table\s+(?:if\s+not\s+exists\s+)?("?)([A-Za-z_][\w]*)\1\s+with\s*\(([\s\S]*?)\)/gi;

/** Splits a column list on top-level commas (not those inside STRUCT<…> or parentheses). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '<') depth++;
    if (ch === ')' || ch === '>') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

function connectorOf(options: string): string | undefined {
  const m = /connector\s*=\s*'([^']*)'/i.exec(options);
  return m ? m[1] : undefined;
}

const NOT_COLUMNS = new Set(['watermark', 'primary', 'constraint']);

/** The tables a query declares, with their column names (unquoted names folded to lower case). */
export function tablesOf(sql: string): TableInfo[] {
  const out: TableInfo[] = [];
  for (const m of sql.matchAll(CREATE)) {
    const columns = splitTopLevel(m[3])
      .map((c) => c.trim())
      .map((c) => {
        const q = /^"([^"]+)"/.exec(c);
        if (q) return q[1];
        const w = /^([A-Za-z_]\w*)/.exec(c);
        return w ? w[1].toLowerCase() : '';
      })
      .filter((c) => c && !NOT_COLUMNS.has(c));
    out.push({ name: m[1] ? m[2] : m[2].toLowerCase(), columns, connector: connectorOf(m[4]) });
  }
  for (const m of sql.matchAll(CREATE_NO_COLUMNS)) {
    const name = m[1] ? m[2] : m[2].toLowerCase();
    if (!out.some((t) => t.name === name)) out.push({ name, columns: [], connector: connectorOf(m[3]) });
  }
  return out;
}

/** The SQL `schema` object of CodeMirror's SQL language: table name to column names. */
export function completionSchema(tables: TableInfo[]): Record<string, string[]> {
  const schema: Record<string, string[]> = {};
  for (const t of tables) schema[t.name] = t.columns;
  return schema;
}

/** Connection tables saved on the server, usable in queries by name, with their schema's columns. */
export function connectionTablesOf(saved: { name?: string; connector?: string; schema?: { fields?: { name?: string }[] } }[]): TableInfo[] {
  return saved
    .filter((t) => t.name)
    .map((t) => ({
      name: t.name!,
      connector: t.connector,
      columns: (t.schema?.fields ?? []).map((f) => f.name ?? '').filter(Boolean),
    }));
}
