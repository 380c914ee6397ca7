// `npm run icons`: renders build/icon.svg into every size the installers need and wraps them
// in .icns (macOS) and .ico (Windows). The outputs are committed, so packaging never depends
// on a renderer being installable; the icons test fails when they drift from the SVG.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIcns, encodeIco, unpremultiply, type RenderedIcon } from './icon-containers';

export const ICON_SOURCE = 'build/icon.svg';
export const ICON_OUT_DIR = 'build/icons';
/** Linux takes the PNG folder as is (hicolor sizes up to 512, plus 1024 for AppImage stores). */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export function renderIcon(svg: Buffer, size: number): RenderedIcon {
  // No system fonts: the artwork has no text, and skipping them keeps renders identical across machines.
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (rendered.width !== size || rendered.height !== size) throw new Error(`icon must be square: got ${rendered.width}×${rendered.height} for ${size}`);
  return { size, png: rendered.asPng(), rgba: unpremultiply(rendered.pixels) };
}

/** Every generated file, by path relative to the output folder. */
export function generateIcons(svg: Buffer): Map<string, Buffer> {
  const rendered = new Map(PNG_SIZES.map((size) => [size, renderIcon(svg, size)]));
  const files = new Map<string, Buffer>();
  for (const [size, icon] of rendered) files.set(`png/${size}x${size}.png`, icon.png);
  files.set('icon.icns', encodeIcns([...rendered.values()]));
  files.set('icon.ico', encodeIco(ICO_SIZES.map((size) => rendered.get(size) as RenderedIcon)));
  return files;
}

export function writeIcons(root: string): string[] {
  const files = generateIcons(readFileSync(path.join(root, ICON_SOURCE)));
  const written: string[] = [];
  for (const [name, data] of files) {
    const target = path.join(root, ICON_OUT_DIR, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, data);
    written.push(path.relative(root, target));
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = writeIcons(process.cwd());
  console.log(`icons: wrote ${written.length} files to ${ICON_OUT_DIR}/`);
}
