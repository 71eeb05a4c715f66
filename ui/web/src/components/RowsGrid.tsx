import { cellText, columnsOf, type Row } from '../lib/output';

/** Rows of a preview or an output tail as a table; the newest last. */
export function RowsGrid({ rows, empty }: { rows: Row[]; empty: string }) {
  const columns = columnsOf(rows);
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="scroll rows" data-testid="rows">
      <table>
        <thead>
          <tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>{columns.map((c) => <td key={c}>{cellText(r.values[c])}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
