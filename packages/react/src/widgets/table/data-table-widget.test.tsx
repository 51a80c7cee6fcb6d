import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MetricTable } from './data-table-widget';

const rows = [
  { team: 'Payments', mttr: 5.5, compliance: 97.2, status: 'ok' },
  { team: 'Identity', mttr: 30, compliance: 81, status: 'critical' },
  { team: 'Billing', mttr: null, compliance: 92.5, status: 'warning' },
  { team: 'Analytics', mttr: 2, compliance: 99, status: 'ok' },
];
const columns = [
  { key: 'team', label: 'Team' },
  { key: 'mttr', label: 'MTTR', unit: 'hours' },
  { key: 'compliance', label: 'Compliance', unit: '%' },
  { key: 'status', label: 'Status' },
];
const firstColumn = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent);

describe('MetricTable', () => {
  it('formats numbers by column unit, right-aligns them and shows statuses in words', () => {
    render(<MetricTable title="Teams" rows={rows} columns={columns} />);
    const identity = screen.getAllByRole('row')[2]!;
    expect(
      within(identity)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Identity', '30.0 hr', '81.0%', '◆Critical']);
    expect(within(identity).getAllByRole('cell')[1]).toHaveClass('arion-align-right');
    expect(within(screen.getAllByRole('row')[3]!).getAllByRole('cell')[1]).toHaveTextContent('—');
  });

  it('writes every number of a column with one unit and one number of decimals', () => {
    render(<MetricTable title="Teams" rows={rows} columns={columns} />);
    const column = (i: number) =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[i]!.textContent);
    // 30 h would be "1.3 days" alone; next to 5.5 h and 2 h the column stays in hours
    expect(column(1)).toEqual(['5.5 hr', '30.0 hr', '—', '2.0 hr']);
    expect(column(2)).toEqual(['97.2%', '81.0%', '92.5%', '99.0%']);
  });

  it('sorts ascending then descending by a header click, keeping missing values last', async () => {
    render(<MetricTable title="Teams" rows={rows} columns={columns} />);
    const header = screen.getByRole('button', { name: /MTTR/ });
    await userEvent.click(header);
    expect(screen.getByRole('columnheader', { name: /MTTR/ })).toHaveAttribute('aria-sort', 'ascending');
    expect(firstColumn()).toEqual(['Analytics', 'Payments', 'Identity', 'Billing']);
    await userEvent.click(header);
    expect(screen.getByRole('columnheader', { name: /MTTR/ })).toHaveAttribute('aria-sort', 'descending');
    expect(firstColumn()).toEqual(['Identity', 'Payments', 'Analytics', 'Billing']);
    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    expect(firstColumn()).toEqual(['Payments', 'Analytics', 'Billing', 'Identity']);
  });

  it('pages through long lists', async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ name: `Unit ${i + 1}`, value: i }));
    render(<MetricTable title="Units" rows={many} pageSize={10} />);
    expect(screen.getAllByRole('row')).toHaveLength(11);
    expect(screen.getByRole('navigation', { name: /^Pagination/ })).toHaveTextContent('1–10 of 23');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(firstColumn()).toEqual(['Unit 21', 'Unit 22', 'Unit 23']);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  it('hides the lowest-priority columns in a narrow cell and says so', () => {
    const { rerender } = render(<MetricTable title="Teams" rows={rows} columns={columns} width={240} />);
    const headers = () =>
      screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼↕]/g, ''));
    // later columns go first; the first column always stays
    expect(headers()[0]).toBe('Team');
    expect(headers().length).toBeLessThan(columns.length);
    expect(headers()).not.toContain('Status');
    expect(screen.getByText(/\+2 columns hidden/)).toBeInTheDocument();
    // an explicit priority keeps a column: Status outranks MTTR and Compliance
    rerender(
      <MetricTable
        title="Teams"
        rows={rows}
        columns={columns.map((c) => (c.key === 'status' ? { ...c, priority: 50 } : { ...c, priority: 1 }))}
        width={240}
      />,
    );
    expect(headers()).toContain('Status');
    rerender(<MetricTable title="Teams" rows={rows} columns={columns} width={1000} />);
    expect(headers()).toHaveLength(columns.length);
    expect(screen.queryByText(/\+\d+ columns? hidden/)).toBeNull();
  });

  it('keeps the pager on one line in a narrow cell: arrows and "2/3"', async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ name: `Unit ${i + 1}`, value: i }));
    render(<MetricTable title="Units" rows={many} pageSize={10} width={260} />);
    const pager = screen.getByRole('navigation', { name: /^Pagination/ });
    expect(pager).not.toHaveTextContent('of 23');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(pager).toHaveTextContent('‹2/3Page 2 of 3›');
    expect(pager.querySelector('[aria-hidden="true"]')).toHaveTextContent('2/3');
  });

  it('applies the default sort of its visualization_config', () => {
    render(
      <MetricTable rows={rows} columns={columns} defaultSort={{ key: 'compliance', direction: 'desc' }} />,
    );
    expect(firstColumn()).toEqual(['Analytics', 'Payments', 'Billing', 'Identity']);
  });
});
