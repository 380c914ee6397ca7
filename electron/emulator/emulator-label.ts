/**
 * Every answer of the emulator says where it came from: this header is on each HTTP response
 * and WebSocket upgrade, so a capture can never pass emulated traffic off as OpenAI's.
 */
export const EMULATOR_HEADER = 'x-parallax-emulator';
