import type { ReactNode } from 'react';
import { stateTone } from '../lib/format';

export function ErrorMessage({ error, title }: { error?: { message: string } | string | null; title?: string }) {
  if (!error) return null;
  const text = typeof error === 'string' ? error : error.message;
  return (
    <div className="message error" role="alert">
      {title && <strong>{title}: </strong>}
      {text}
    </div>
  );
}

export function Info({ children }: { children: ReactNode }) {
  return <div className="message info">{children}</div>;
}

export function StateBadge({ state }: { state?: string }) {
  return <span className={`badge ${stateTone(state)}`} data-state={state ?? 'none'}>{state ?? 'no job'}</span>;
}

export function Loading({ what }: { what: string }) {
  return <p className="muted" aria-live="polite">Loading {what}…</p>;
}

export function Tabs<T extends string>({ tabs, current, onChange }: { tabs: { id: T; label: string }[]; current: T; onChange: (t: T) => void }) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((t) => (
        <button key={t.id} role="tab" aria-selected={current === t.id} className={current === t.id ? 'active' : ''} onClick={() => onChange(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
