/**
 * Renders the app and tray icons in resources/ from their SVG sources with headless Chromium
 * (CHROMIUM_PATH or /usr/bin/chromium). Run after editing an SVG: `node --import tsx .ci/render-icons.ts`.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const resources = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources');

/** Output file → source SVG, size in pixels, and whether to recolour the glyph white (dark trays). */
const outputs: Array<{ file: string; svg: string; size: number; color?: string }> = [
  { file: 'icons/512x512.png', svg: 'icon.svg', size: 512 },
  { file: 'icons/256x256.png', svg: 'icon.svg', size: 256 },
  { file: 'icons/128x128.png', svg: 'icon.svg', size: 128 },
  { file: 'icons/64x64.png', svg: 'icon.svg', size: 64 },
  { file: 'icons/32x32.png', svg: 'icon.svg', size: 32 },
  // Linux and Windows trays: a light glyph (most panels are dark).
  { file: 'tray-icon.png', svg: 'tray-icon.svg', size: 32, color: '#ffffff' },
  // macOS menu bar: a black template image the system tints; @2x for Retina.
  { file: 'tray-iconTemplate.png', svg: 'tray-icon.svg', size: 16 },
  { file: 'tray-iconTemplate@2x.png', svg: 'tray-icon.svg', size: 32 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const output of outputs) {
    let svg = readFileSync(path.join(resources, output.svg), 'utf8');
    if (output.color) svg = svg.replaceAll('#000000', output.color);
    svg = svg.replace(/width="\d+" height="\d+"/, `width="${output.size}" height="${output.size}"`);
    await page.setViewportSize({ width: output.size, height: output.size });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const target = path.join(resources, output.file);
    await mkdir(path.dirname(target), { recursive: true });
    await page.locator('svg').screenshot({ path: target, omitBackground: true });
    console.log(`${output.file} (${output.size}px)`);
  }
} finally {
  await browser.close();
}
