import { createPackage } from '@electron/asar';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asarOf, fuseMismatches, packagedExecutable, unexpectedAsarContents } from './packaged-app';

const work = mkdtempSync(path.join(tmpdir(), 'parallax-packaged-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A stand-in executable: Electron's fuse sentinel, wire version 1, then one '0'/'1' per fuse. */
function fakeExecutable(wire: string): string {
  const dir = mkdtempSync(path.join(work, 'linux-'));
  const exe = path.join(dir, 'linux-unpacked', 'mcp-parallax');
  mkdirSync(path.dirname(exe), { recursive: true });
  writeFileSync(exe, Buffer.concat([Buffer.from('ELF…'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), Buffer.from(wire)]));
  return exe;
}

async function fakeAsar(files: Record<string, string>): Promise<string> {
  const src = mkdtempSync(path.join(work, 'app-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
    writeFileSync(path.join(src, name), text);
  }
  const asar = `${src}.asar`;
  await createPackage(src, asar);
  return asar;
}

describe('packaged app checks', () => {
  it('finds the Linux executable and its asar in electron-builder\'s output', () => {
    const exe = fakeExecutable('00000000');
    const release = path.dirname(path.dirname(exe));
    expect(packagedExecutable(release, 'linux', 'mcp-parallax', 'MCP Parallax')).toBe(exe);
    expect(packagedExecutable(release, 'win32', 'mcp-parallax', 'MCP Parallax')).toBeUndefined();
    expect(asarOf(exe, 'linux')).toBe(path.join(path.dirname(exe), 'resources', 'app.asar'));
  });

  it('reports fuses whose state differs from the config, and none when they match', async () => {
    //                      RunAsNode, Cookie, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol
    const flipped = fakeExecutable('01011100');
    const wanted = { runAsNode: false, enableCookieEncryption: true, enableNodeOptionsEnvironmentVariable: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false };
    expect(await fuseMismatches(flipped, wanted)).toEqual([]);
    const stock = fakeExecutable('10110001');
    expect(await fuseMismatches(stock, wanted)).toEqual([
      'runAsNode: expected off, is on',
      'enableCookieEncryption: expected on, is off',
      'enableNodeOptionsEnvironmentVariable: expected off, is on',
      'enableEmbeddedAsarIntegrityValidation: expected on, is off',
      'onlyLoadAppFromAsar: expected on, is off',
      'grantFileProtocolExtraPrivileges: expected off, is on',
    ]);
  });

  it('accepts dist/, package.json and runtime dependencies, and names anything else', async () => {
    const clean = await fakeAsar({ 'package.json': '{}', 'dist/electron/main.js': '', 'node_modules/ws/index.js': '', 'node_modules/@scope/lib/index.js': '' });
    expect(unexpectedAsarContents(clean, ['ws', '@scope/lib'], ['vite'])).toEqual([]);
    const messy = await fakeAsar({ 'package.json': '{}', 'dist/electron/main.js.map': '', 'src/main.ts': '', 'node_modules/vite/index.js': '' });
    expect(unexpectedAsarContents(messy, ['ws'], ['vite'])).toEqual([
      'unexpected top-level entry src',
      'runtime dependency ws is missing',
      'development dependency vite was packaged',
      'dist/electron/main.js is missing',
      'source maps were packaged',
    ]);
  });
});
