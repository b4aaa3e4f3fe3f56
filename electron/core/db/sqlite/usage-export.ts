import Database from 'better-sqlite3';
import type { UsageExportFormat, UsagePoint } from '../../../../shared/operations';
import type { Db } from './database';
import { StreamedText } from '../../operations/streamed-text';
import { createExportEncoder, exportChunkChars } from '../usage-export-format';
import { createSqliteGroupLabeller } from './group-labels';
import type { UsageView } from '../usage-repo';
import { groupColumn, totalsSql, whereOf } from './usage-sql';

/**
 * The view as day × group rows, CSV or JSON, produced row by row from the rollups. Each delivery
 * reads through its own read-only connection: an open better-sqlite3 iterator keeps its
 * connection busy, and the shared one must stay free for the proxy's writes while a slow client
 * downloads.
 */
export function exportUsage(db: Db, view: UsageView, format: UsageExportFormat): StreamedText {
  const encoder = createExportEncoder(view, format);
  return new StreamedText(encoder.filename, encoder.contentType, function* chunks() {
    const reader = new Database(db.name, { readonly: true, fileMustExist: true });
    try {
      const label = createSqliteGroupLabeller(reader, view.groupBy);
      const { where, params } = whereOf(view);
      const sql = `SELECT day, ${groupColumn[view.groupBy]} AS key, ${totalsSql}
        FROM usage_daily WHERE ${where}
        GROUP BY day, key ORDER BY day, key`;
      const rows = reader.prepare(sql).iterate(params) as IterableIterator<UsagePoint>;
      let buffer = encoder.head();
      for (const row of rows) {
        buffer += encoder.row(row, label(row.key));
        if (buffer.length >= exportChunkChars) {
          yield buffer;
          buffer = '';
        }
      }
      yield buffer + encoder.tail();
    } finally {
      reader.close();
    }
  });
}
