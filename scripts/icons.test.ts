import { readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('regenerates every committed icon byte for byte from build/icon.svg (run `npm run icons` after editing it)', () => {
    const expected = [...PNG_SIZES.map((s) => `png/${s}x${s}.png`), 'icon.icns', 'icon.ico'].sort();
    expect([...generated.keys()].sort()).toEqual(expected);
    for (const [name, data] of generated) expect(data.equals(committed(name)), name).toBe(true);
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
