import type { ParallaxClient } from '../../../shared/ipc/client';
import { HOST_DOWNLOAD_PATH, HOST_TOKEN_PARAM, HOST_UPLOAD_PATH } from '../../../shared/ipc/host-protocol';

/**
 * Opens a file the user dropped on the window. Electron's preload knows the file's path; in a
 * browser the bytes are uploaded to the host first, which stores them and answers with a path.
 */
export async function openDroppedFile(client: ParallaxClient, file: File): Promise<void> {
  const pathForFile = window.parallax?.pathForFile;
  if (pathForFile) {
    const path = pathForFile(file);
    if (!path) throw new Error(`Cannot read the path of ${file.name}`);
    await client.request('openCapture', { path });
    return;
  }
  const url = `${HOST_UPLOAD_PATH}?${HOST_TOKEN_PARAM}=${encodeURIComponent(hostToken())}&name=${encodeURIComponent(file.name)}`;
  const response = await fetch(url, { method: 'POST', body: file });
  const body = (await response.json().catch(() => ({}))) as { path?: string; error?: string };
  if (!response.ok || !body.path) throw new Error(`Upload of ${file.name} failed: ${body.error ?? response.statusText}`);
  await client.request('openCapture', { path: body.path });
}

function hostToken(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get(HOST_TOKEN_PARAM) ?? '';
}

/** The browser host serves what the engine exported; Electron saved it where the user chose. */
export function downloadUrl(name: string): string {
  return `${HOST_DOWNLOAD_PATH}?${HOST_TOKEN_PARAM}=${encodeURIComponent(hostToken())}&name=${encodeURIComponent(name)}`;
}

export interface Saved { path: string; download: string | null }

export async function saveCurrentCapture(client: ParallaxClient): Promise<Saved | null> {
  return client.request('saveCapture', {});
}
