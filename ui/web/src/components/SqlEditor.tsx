import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { useEffect, useRef } from 'react';
import { completionSchema, type TableInfo } from '../lib/catalog';
import type { TextRange } from '../lib/diagnostics';

const CONNECTOR_OPTIONS = ['connector', 'type', 'format', 'path', 'event_rate', 'message_count', 'event_time_field', 'idle_micros',
  'bootstrap_servers', 'topic', 'source.offset', 'sink.commit_mode', 'endpoint', 'url', 'table_name'];

interface Props {
  value: string;
  onChange: (v: string) => void;
  tables: TableInfo[];
  functions: string[];
  diagnostics: TextRange[];
}

/** The SQL editor: CodeMirror 6 with SQL highlighting, completion of tables, columns, functions and connector options, inline diagnostics. */
export function SqlEditor({ value, onChange, tables, functions, diagnostics }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const functionsRef = useRef(functions);
  const onChangeRef = useRef(onChange);
  functionsRef.current = functions;
  onChangeRef.current = onChange;

  useEffect(() => {
    const extraCompletions = (ctx: CompletionContext): CompletionResult | null => {
      const word = ctx.matchBefore(/[\w.]+/);
      if (!word || (word.from === word.to && !ctx.explicit)) return null;
      return {
        from: word.from,
        options: [
          ...functionsRef.current.map((f) => ({ label: f, type: 'function', apply: f + '(' })),
          ...CONNECTOR_OPTIONS.map((o) => ({ label: o, type: 'property', detail: 'option' })),
        ],
      };
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          language.current.of(sql({ dialect: PostgreSQL, schema: {}, upperCaseKeywords: true })),
          autocompletion({ override: undefined }),
          EditorState.languageData.of(() => [{ autocomplete: extraCompletions }]),
          lintGutter(),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'SQL query' }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // created once; value changes from outside are applied below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(sql({ dialect: PostgreSQL, schema: completionSchema(tables), upperCaseKeywords: true })),
    });
  }, [tables]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const len = v.state.doc.length;
    v.dispatch(
      setDiagnostics(
        v.state,
        diagnostics.map((d) => ({ from: Math.min(d.from, len), to: Math.min(d.to, len), severity: 'error' as const, message: d.message })),
      ),
    );
  }, [diagnostics]);

  return <div className="editor" ref={host} />;
}
