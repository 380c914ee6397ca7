import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capturePathFrom, createOpenQueue } from './open-requests';

describe('capture path on the command line', () => {
  it('finds a .parallax, .parallax.gz or bundle .zip after the executable, skipping switches', () => {
    expect(capturePathFrom(['/opt/MCP Parallax/mcp-parallax', '--no-sandbox', '/home/a/run.parallax'])).toBe('/home/a/run.parallax');
    expect(capturePathFrom(['C:\\Parallax\\MCP Parallax.exe', 'C:\\caps\\run.PARALLAX.gz'])).toBe('C:\\caps\\run.PARALLAX.gz');
    expect(capturePathFrom(['electron', '.', 'bundle.zip'])).toBe('bundle.zip');
  });

  it('turns the file:// URL a Linux desktop entry passes for %U into a path', () => {
    const file = path.resolve('captures', 'My Run.parallax');
    expect(pathToFileURL(file).href).toContain('My%20Run');
    expect(capturePathFrom(['mcp-parallax', pathToFileURL(file).href])).toBe(file);
  });

  it('ignores the executable itself, other files and switches that merely end like a capture', () => {
    expect(capturePathFrom(['/tmp/x.parallax'])).toBeUndefined();
    expect(capturePathFrom(['app', 'notes.txt', '--log-file=a.parallax'])).toBeUndefined();
    expect(capturePathFrom(['app', 'file://remote-host/x.parallax.txt'])).toBeUndefined();
  });
});

describe('open queue', () => {
  it('holds files until the window is ready, then delivers them in order', () => {
    const delivered: string[] = [];
    const queue = createOpenQueue((file) => delivered.push(file));
    queue.open('a.parallax');
    queue.open(undefined);
    queue.open('b.parallax');
    expect(delivered).toEqual([]);
    queue.ready();
    expect(delivered).toEqual(['a.parallax', 'b.parallax']);
    queue.open('c.parallax');
    expect(delivered).toEqual(['a.parallax', 'b.parallax', 'c.parallax']);
  });

  it('holds again while no window exists and never delivers a file twice', () => {
    const delivered: string[] = [];
    const queue = createOpenQueue((file) => delivered.push(file));
    queue.ready();
    queue.hold();
    queue.open('later.parallax');
    expect(delivered).toEqual([]);
    queue.ready();
    queue.ready();
    expect(delivered).toEqual(['later.parallax']);
  });
});
