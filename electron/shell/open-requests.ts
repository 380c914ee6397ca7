import { fileURLToPath } from 'node:url';

/** Files the app opens when the OS hands them over: captures, gzipped captures, bundles, and HARs and JSON-RPC logs to import. */
export const OPENABLE_FILE = /\.parallax(\.gz)?$|\.(zip|har|jsonl|log)$/i;

/**
 * The capture named on a command line (Windows and Linux file associations, a second instance,
 * `mcp-parallax file.parallax`). Linux desktop entries pass `%U`, so a file may arrive as a
 * file:// URL; Chromium's own switches are skipped.
 */
export function capturePathFrom(argv: readonly string[]): string | undefined {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const file = arg.startsWith('file://') ? safeFileUrlToPath(arg) : arg;
    if (file && OPENABLE_FILE.test(file)) return file;
  }
  return undefined;
}

function safeFileUrlToPath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

export interface OpenQueue {
  /** A file to open; held until a window can receive it. */
  open(file: string | undefined): void;
  /** The window has loaded: deliver what was held, then deliver directly. */
  ready(): void;
  /** The window is gone (macOS keeps the app alive): hold again until the next one loads. */
  hold(): void;
}

/**
 * macOS sends `open-file` before the app is ready when a double-click launches it, and after
 * the last window closed; either way nothing would hear the event, so hold it until a window can.
 */
export function createOpenQueue(deliver: (file: string) => void): OpenQueue {
  let held: string[] = [];
  let receiving = false;
  return {
    open(file) {
      if (!file) return;
      if (receiving) deliver(file);
      else held.push(file);
    },
    ready() {
      receiving = true;
      const pending = held;
      held = [];
      for (const file of pending) deliver(file);
    },
    hold() {
      receiving = false;
    },
  };
}
