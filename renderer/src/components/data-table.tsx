import type { ReactNode } from 'react';

/** A column heading; `hidden` keeps it for screen readers only (an actions column, say). */
export interface ColumnHead {
  label: string;
  className?: string;
  hidden?: boolean;
}

/**
 * The admin screens' table: scrolls sideways on its own when narrow, named for assistive
 * technology by `label`, with a row of column headings. The caller writes the body rows.
 */
export function DataTable({
  label,
  columns,
  className,
  children,
}: {
  label: string;
  columns: readonly (string | ColumnHead)[];
  /** Classes besides `data-table`. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => {
              const { label: heading, className: headClass, hidden } = typeof column === 'string' ? { label: column } : column;
              return (
                <th scope="col" key={heading} className={headClass}>
                  {hidden ? <span className="visually-hidden">{heading}</span> : heading}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
