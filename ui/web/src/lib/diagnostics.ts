import type { QueryDiagnostic } from '../api/types';

export interface TextRange {
  from: number;
  to: number;
  message: string;
}

/**
 * The character range of a validate_query diagnostic in `text` (its span is 1-based lines and columns,
 * the end inclusive). A diagnostic without a span, or outside the text, covers the whole first line
 * so it is still shown.
 */
export function diagnosticRange(text: string, d: QueryDiagnostic): TextRange {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (line: number, column: number) => {
    const l = Math.min(Math.max(line, 1), starts.length) - 1;
    const lineEnd = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
    return Math.min(starts[l] + Math.max(column, 1) - 1, lineEnd);
  };
  const span = d.span;
  if (!span?.start) {
    const end = text.indexOf('\n');
    return { from: 0, to: end < 0 ? text.length : end, message: d.message ?? '' };
  }
  const from = offset(span.start.line ?? 1, span.start.column ?? 1);
  const endPos = span.end ?? span.start;
  let to = Math.min(offset(endPos.line ?? 1, endPos.column ?? 1) + 1, text.length);
  if (to <= from) to = Math.min(from + 1, text.length);
  return { from, to, message: d.message ?? '' };
}
