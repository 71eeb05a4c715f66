import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RowsGrid } from '../components/RowsGrid';
import { StateBadge, Tabs } from '../components/common';
import { rowOf } from '../lib/output';
import { OperatorChart } from '../components/OperatorChart';

afterEach(cleanup);

describe('components', () => {
  it('RowsGrid shows one column per field, in order of appearance', () => {
    render(<RowsGrid rows={[rowOf(0, { value: '{"counter":1}' }), rowOf(1, { value: '{"counter":2,"extra":{"a":1}}' })]} empty="none" />);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['counter', 'extra']);
    expect(screen.getAllByRole('row')[2].textContent).toBe('2{"a":1}');
  });
  it('RowsGrid says so when there are no rows', () => {
    render(<RowsGrid rows={[]} empty="No rows yet." />);
    expect(screen.getByText('No rows yet.')).toBeTruthy();
  });
  it('StateBadge carries the state and its tone', () => {
    render(<StateBadge state="Running" />);
    const badge = screen.getByText('Running');
    expect(badge.className).toContain('ok');
    expect(badge.getAttribute('data-state')).toBe('Running');
  });
  it('Tabs are buttons with the selection announced', () => {
    let current = 'a';
    const { rerender } = render(<Tabs tabs={[{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }]} current={current} onChange={(t) => (current = t)} />);
    fireEvent.click(screen.getByRole('tab', { name: 'B' }));
    expect(current).toBe('b');
    rerender(<Tabs tabs={[{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }]} current={current} onChange={(t) => (current = t)} />);
    expect(screen.getByRole('tab', { name: 'B' }).getAttribute('aria-selected')).toBe('true');
  });
  it('OperatorChart draws a line per series of the operator, and says so without metrics', () => {
    const groups = [{ operator_id: 'src', metric_groups: [
      { name: 'messages_sent', subtasks: [{ index: 0, metrics: [{ time: 1_000_000, value: 5 }, { time: 3_000_000, value: 7 }] }] },
      { name: 'backpressure', subtasks: [{ index: 0, metrics: [{ time: 3_000_000, value: 0.5 }] }] },
    ] }];
    const { container, rerender } = render(<OperatorChart groups={groups} nodeId="src" />);
    const out = container.querySelector('polyline[data-series="out"]');
    expect(out?.getAttribute('data-points')).toBe('2');
    expect(out?.getAttribute('points')).not.toBe('');
    expect(screen.getByRole('img', { name: /^Records: in —, out 7\/s, over the last 2 s$/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Backpressure: worst subtask 50%/ })).toBeTruthy();
    rerender(<OperatorChart groups={groups} nodeId="other" />);
    expect(screen.getByText(/No metrics yet for this operator/)).toBeTruthy();
  });
});
