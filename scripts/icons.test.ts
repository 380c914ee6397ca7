import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIco, ICNS_TYPES, unpremultiply } from './icon-containers';
import { generateIcons, ICO_SIZES, ICON_OUT_DIR, ICON_SOURCE, PNG_SIZES, renderIcon } from './icons';

const root = path.resolve(import.meta.dirname, '..');
const committed = (name: string) => readFileSync(path.join(root, ICON_OUT_DIR, name));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Straight-alpha RGBA of an 8-bit RGBA, non-interlaced PNG (what resvg writes). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height } = pngSize(png);
  expect([png.readUInt8(24), png.readUInt8(25), png.readUInt8(28)]).toEqual([8, 6, 0]); // depth, RGBA, not interlaced
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= 4 ? (rgba[y * stride + x - 4] as number) : 0;
      const b = y > 0 ? (rgba[(y - 1) * stride + x] as number) : 0;
      const c = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] as number) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`PNG filter ${filter}`);
      rgba[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** The largest difference in any channel of any pixel. */
function maxChannelDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

interface IcoEntry { size: number; bits: number; data: Buffer }
function readIco(ico: Buffer): IcoEntry[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const length = ico.readUInt32LE(e + 8);
    const offset = ico.readUInt32LE(e + 12);
    expect(offset + length).toBeLessThanOrEqual(ico.length);
    return { size: ico.readUInt8(e) || 256, bits: ico.readUInt16LE(e + 6), data: ico.subarray(offset, offset + length) };
  });
}

/** RGBA of pixel (x, y), counted from the top, in a 32-bit bottom-up BMP entry. */
function bmpPixel(entry: IcoEntry, x: number, y: number): number[] {
  const row = entry.size - 1 - y;
  const at = 40 + (row * entry.size + x) * 4;
  const [b, g, r, a] = entry.data.subarray(at, at + 4);
  return [r as number, g as number, b as number, a as number];
}

function readIcns(icns: Buffer): { type: string; png: Buffer }[] {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const chunks: { type: string; png: Buffer }[] = [];
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    chunks.push({ type: icns.toString('latin1', at, at + 4), png: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return chunks;
}

describe('icons script', () => {
  const generated = generateIcons(readFileSync(path.join(root, ICON_SOURCE)));

  it('regenerates every committed size from build/icon.svg (run `npm run icons` after editing it)', () => {
    const expected = [...PNG_SIZES.map((s) => `png/${s}x${s}.png`), 'icon.icns', 'icon.ico'].sort();
    expect([...generated.keys()].sort()).toEqual(expected);
    // Pixels, not bytes: the renderer's SIMD paths differ between x64 and arm64 by a rounding step.
    for (const size of PNG_SIZES) {
      const name = `png/${size}x${size}.png`;
      expect(maxChannelDifference(decodePng(generated.get(name) as Buffer).rgba, decodePng(committed(name)).rgba), name).toBeLessThanOrEqual(2);
    }
  });

  it('fails the comparison when the artwork changes', () => {
    const edited = readFileSync(path.join(root, ICON_SOURCE), 'utf8').replace('#ffb454', '#ff0000');
    const redrawn = renderIcon(Buffer.from(edited), 48).png;
    expect(maxChannelDifference(decodePng(redrawn).rgba, decodePng(committed('png/48x48.png')).rgba)).toBeGreaterThan(100);
  });

  it('builds the .ico and .icns from the committed PNGs', () => {
    const png = (size: number) => committed(`png/${size}x${size}.png`);
    for (const { type, size } of ICNS_TYPES) expect(readIcns(committed('icon.icns')).find((c) => c.type === type)?.png.equals(png(size)), type).toBe(true);
    for (const entry of readIco(committed('icon.ico'))) {
      if (entry.size === 256) {
        expect(entry.data.equals(png(256))).toBe(true);
        continue;
      }
      const pixels = decodePng(png(entry.size)).rgba;
      let worst = 0;
      for (let y = 0; y < entry.size; y++) {
        for (let x = 0; x < entry.size; x++) {
          const expected = [...pixels.subarray((y * entry.size + x) * 4, (y * entry.size + x) * 4 + 4)];
          // Fully transparent pixels carry no colour; only alpha has to agree there.
          const got = bmpPixel(entry, x, y);
          const channels = expected[3] === 0 ? [3] : [0, 1, 2, 3];
          for (const c of channels) worst = Math.max(worst, Math.abs((got[c] as number) - (expected[c] as number)));
        }
      }
      expect(worst, `${entry.size} px BMP entry`).toBeLessThanOrEqual(1);
    }
  });

  it('renders each PNG at its named size', () => {
    for (const size of PNG_SIZES) expect(pngSize(committed(`png/${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('writes an .ico with BMP entries below 256 px and a PNG at 256, stored top side up', () => {
    const entries = readIco(committed('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const entry of entries) {
      expect(entry.bits).toBe(32);
      if (entry.size === 256) {
        expect(pngSize(entry.data)).toEqual({ width: 256, height: 256 });
        continue;
      }
      expect(entry.data.readUInt32LE(0)).toBe(40);
      expect(entry.data.readInt32LE(4)).toBe(entry.size);
      expect(entry.data.readInt32LE(8)).toBe(entry.size * 2);
      expect(entry.data.length).toBe(40 + entry.size * entry.size * 4 + Math.ceil(entry.size / 32) * 4 * entry.size);
    }
    // The artwork: transparent corners, the cube's pale top face above the amber viewpoint.
    const entry48 = entries.find((e) => e.size === 48) as IcoEntry;
    expect(bmpPixel(entry48, 0, 0)[3]).toBe(0);
    const [r, g, b] = bmpPixel(entry48, 24, 14);
    expect(Math.min(r as number, g as number, b as number)).toBeGreaterThan(200);
    const [ar, ag, ab] = bmpPixel(entry48, 24, 40);
    expect([ar, ag, ab]).toEqual([0xff, 0xb4, 0x54]);
  });

  it('writes an .icns holding a PNG of the right size in every slot macOS reads', () => {
    const chunks = readIcns(committed('icon.icns'));
    expect(chunks.map((c) => c.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    for (const { type, size } of ICNS_TYPES) {
      const chunk = chunks.find((c) => c.type === type) as { png: Buffer };
      expect(pngSize(chunk.png), type).toEqual({ width: size, height: size });
    }
  });
});

describe('icon containers', () => {
  it('refuses sizes an .ico cannot hold', () => {
    expect(() => encodeIco([{ size: 512, png: Buffer.alloc(0), rgba: Buffer.alloc(0) }])).toThrow(/1–256/);
  });

  it('undoes premultiplied alpha and leaves opaque and transparent pixels alone', () => {
    expect([...unpremultiply(Uint8Array.from([128, 64, 0, 128, 10, 20, 30, 255, 0, 0, 0, 0]))]).toEqual([255, 128, 0, 128, 10, 20, 30, 255, 0, 0, 0, 0]);
  });

  it('refuses artwork that is not square', () => {
    const wide = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>');
    expect(() => renderIcon(wide, 16)).toThrow(/square/);
  });
});
