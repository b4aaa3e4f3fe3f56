import type { UsageSummary } from '../../../../shared/operations';
import { formatCost, formatInteger } from '../../components/format';
import { groupByLabels } from './usage-filters';
import { requestsOfUsage } from './usage-links';

/** Every group of the view with its counters, and the totals in the footer. */
export function UsageTable({ summary }: { summary: UsageSummary }) {
  const heading = groupByLabels[summary.groupBy].replace(/ \(.*\)$/, '');
  const columns = ['Requests', 'Errors', 'Input tokens', 'Output tokens', 'Cache read', 'Cache write', 'Cost'];
  const cells = (t: UsageSummary['totals']) => [
    formatInteger(t.requests),
    formatInteger(t.errors),
    formatInteger(t.inputTokens),
    formatInteger(t.outputTokens),
    formatInteger(t.cacheReadTokens),
    formatInteger(t.cacheWriteTokens),
    formatCost(t),
  ];
  return (
    <div className="table-scroll">
      <table className="data-table numeric" aria-label={`Usage by ${heading.toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.groups.map((group) => {
            // Each group opens its requests in the request log; its error count opens only the failed ones.
            const requests = requestsOfUsage(summary, { key: group.key });
            const errors = requestsOfUsage(summary, { key: group.key, errorsOnly: true });
            return (
              <tr key={group.key}>
                <th scope="row" title={group.key || undefined}>
                  {requests ? <a href={requests}>{group.label}</a> : group.label}
                </th>
                {cells(group).map((value, i) => (
                  <td key={columns[i]}>
                    {columns[i] === 'Errors' && errors && group.errors > 0 ? (
                      <a href={errors} aria-label={`${value} errors of ${group.label}`}>
                        {value}
                      </a>
                    ) : (
                      value
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {cells(summary.totals).map((value, i) => (
              <td key={columns[i]}>{value}</td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
