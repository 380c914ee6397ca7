import type { ImportFormat } from '../envelope';

/**
 * Decides how to read a text file given to Parallax (zip bundles and gzip captures are told
 * apart by their magic bytes before this): its own capture, a HAR, or a JSON-RPC log. Content
 * wins over the name, so a capture renamed `.jsonl` still opens as a capture; the name only
 * settles what the content leaves open.
 */
export function sniffTextFormat(fileName: string, head: string): ImportFormat | 'capture' {
  const text = head.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (/"format"\s*:\s*"mcp-parallax-capture"/.test(firstLine)) return 'capture';
  if (/^\s*\{\s*"log"\s*:/.test(text)) return 'har';
  const name = fileName.toLowerCase();
  if (/\.parallax(\.gz)?$/.test(name)) return 'capture';
  if (name.endsWith('.har')) return 'har';
  if (/\.(jsonl|ndjson|log|txt)$/.test(name) || /"jsonrpc"\s*:\s*"2\.0"/.test(text)) return 'jsonrpc-log';
  return 'capture';
}
