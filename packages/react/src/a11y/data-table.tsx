import type { ReactNode } from 'react';

/** Props of {@link HiddenDataTable}. */
export interface HiddenDataTableProps {
  /** Caption read before the table. */
  readonly caption: string;
  /** Column headers. */
  readonly columns: readonly string[];
  /** Rows of already formatted cells; the first cell is the row header. */
  readonly rows: readonly (readonly ReactNode[])[];
  /** At most this many rows are rendered (a note says how many were left out); default 500. */
  readonly maxRows?: number;
  /** How many rows the data has when `rows` was already cut short (default `rows.length`). */
  readonly totalRows?: number;
}

/** The data of a chart as a table that only screen readers see (the chart's text equivalent). */
export function HiddenDataTable({ caption, columns, rows, maxRows = 500, totalRows }: HiddenDataTableProps) {
  const shown = rows.length > maxRows ? rows.slice(0, maxRows) : rows;
  const total = Math.max(totalRows ?? 0, rows.length);
  return (
    <div className="arion-visually-hidden">
      <table>
        <caption>
          {caption}
          {total > shown.length ? ` (first ${shown.length} of ${total} rows)` : null}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
            <tr key={r}>
              {row.map((cell, c) =>
                c === 0 ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <th key={c} scope="row">
                    {cell}
                  </th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <td key={c}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
