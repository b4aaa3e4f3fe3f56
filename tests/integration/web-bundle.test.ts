import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/web');

describe('the built admin UI bundle (npm run build)', () => {
  it('loads the first screen without the charts: recharts comes with the Usage screen only', () => {
    const entry = readFileSync(path.join(webDir, 'index.html'), 'utf8').match(/<script[^>]+src="\/(assets\/[^"]+\.js)"/)![1]!;
    const chunks = readdirSync(path.join(webDir, 'assets')).filter((name) => name.endsWith('.js'));
    const withCharts = chunks.filter((name) => readFileSync(path.join(webDir, 'assets', name), 'utf8').includes('recharts-wrapper'));
    expect(withCharts).toHaveLength(1);
    expect(withCharts[0]).toMatch(/^usage-screen-/);
    expect(`assets/${withCharts[0]}`).not.toBe(entry);
    // Under Vite's 500 kB warning, so `npm start` prints no chunk-size notice.
    expect(readFileSync(path.join(webDir, entry)).length).toBeLessThan(500 * 1024);
  });
});
