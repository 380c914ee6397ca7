import type { ParallaxBridge } from '../../../shared/ipc/contract';
import { createClient, type ParallaxClient } from '../../../shared/ipc/client';
import { createSocketBridge, type SocketState } from './socket-bridge';

declare global {
  interface Window { parallax?: ParallaxBridge }
}

/** Electron's preload puts the bridge on window; in a plain browser the host's socket stands in. */
export function connectEngine(onSocketState?: (state: SocketState) => void): ParallaxClient {
  const bridge = window.parallax ?? createSocketBridge(window.location, onSocketState);
  return createClient(bridge, (event, reason) => console.warn(`parallax: dropped a malformed ${event} event`, reason));
}
