// Writes Windows .ico and macOS .icns containers around images we have already rendered.
// Both formats are a short header plus a table of entries, so a few dozen lines here replace
// a dependency that would also resample the artwork (we render every size from the vector).

/** One rendered size: its PNG encoding and, for BMP entries, straight-alpha RGBA pixels. */
export interface RenderedIcon {
  size: number;
  png: Buffer;
  rgba: Buffer;
}

/**
 * Sizes below 256 px are stored as 32-bit BMP entries and 256 px as PNG, as Microsoft's icon
 * guidelines recommend: some consumers (older shells, some installer toolchains) read only
 * BMP entries at the small sizes.
 */
export function encodeIco(icons: readonly RenderedIcon[]): Buffer {
  const sorted = [...icons].sort((a, b) => a.size - b.size);
  for (const icon of sorted) {
    if (icon.size < 1 || icon.size > 256) throw new Error(`ICO entries must be 1–256 px, got ${icon.size}`);
  }
  const images = sorted.map((icon) => (icon.size === 256 ? icon.png : bmpEntry(icon)));
  const header = Buffer.alloc(6 + 16 * sorted.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be cursor)
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((icon, i) => {
    const entry = 6 + 16 * i;
    const image = images[i] as Buffer;
    header.writeUInt8(icon.size === 256 ? 0 : icon.size, entry); // 0 means 256
    header.writeUInt8(icon.size === 256 ? 0 : icon.size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([header, ...images]);
}

/** A BITMAPINFOHEADER DIB: bottom-up BGRA rows, then a 1-bit AND mask the alpha makes moot. */
function bmpEntry({ size, rgba }: RenderedIcon): Buffer {
  if (rgba.length !== size * size * 4) throw new Error(`${size} px icon needs ${size * size * 4} RGBA bytes, got ${rgba.length}`);
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // ICO convention: XOR image + AND mask heights
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    const target = (size - 1 - y) * size * 4;
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const t = target + x * 4;
      pixels[t] = rgba[s + 2] as number;
      pixels[t + 1] = rgba[s + 1] as number;
      pixels[t + 2] = rgba[s] as number;
      pixels[t + 3] = rgba[s + 3] as number;
    }
  }
  const maskRowBytes = Math.ceil(size / 32) * 4;
  return Buffer.concat([info, pixels, Buffer.alloc(maskRowBytes * size)]);
}

/**
 * The PNG-bearing ICNS types, by pixel size. Several sizes have two types: the 1x slot of one
 * point size and the 2x (Retina) slot of half that size; macOS picks by type, so fill both.
 */
export const ICNS_TYPES: readonly { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 },
  { type: 'ic10', size: 1024 },
];

export function encodeIcns(icons: readonly RenderedIcon[]): Buffer {
  const bySize = new Map(icons.map((icon) => [icon.size, icon.png]));
  const chunks = ICNS_TYPES.map(({ type, size }) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`ICNS needs a ${size} px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4); // the length counts its own header
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/** Straight (non-premultiplied) alpha, which BMP entries expect; renderers hand out premultiplied. */
export function unpremultiply(rgba: Uint8Array): Buffer {
  const out = Buffer.from(rgba);
  for (let i = 0; i < out.length; i += 4) {
    const a = out[i + 3] as number;
    if (a === 0 || a === 255) continue;
    for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.round(((out[i + c] as number) * 255) / a));
  }
  return out;
}
