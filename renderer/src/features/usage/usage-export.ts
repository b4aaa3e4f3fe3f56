import type { OperationInput, UsageExportFormat } from '../../../../shared/operations';
import type { ApiClient } from '../../api/client';

/**
 * Saves the current view as a file. Over HTTP the browser downloads the streamed answer straight
 * to disk; over IPC the core hands back the text and it is saved from a Blob.
 */
export async function downloadUsageExport(
  api: ApiClient,
  query: Omit<OperationInput<'exportUsage'>, 'format'>,
  format: UsageExportFormat,
): Promise<void> {
  const input = { ...query, format };
  const url = api.urlOf('exportUsage', input);
  if (url) return clickDownload(url, '');
  const file = await api.call('exportUsage', input);
  const objectUrl = URL.createObjectURL(new Blob([file.body], { type: file.contentType }));
  try {
    clickDownload(objectUrl, file.filename);
  } finally {
    setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  }
}

function clickDownload(href: string, filename: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
