// WHATWG globals that every runtime shared/ code runs in provides (Node, Chromium, Electron),
// declared here so shared/ can use them without opening the whole DOM or Node type surface.
declare global {
  class URL {
    constructor(url: string, base?: string | URL);
    hash: string; host: string; hostname: string; href: string; origin: string; password: string;
    pathname: string; port: string; protocol: string; search: string; username: string;
    readonly searchParams: URLSearchParams;
    toString(): string;
    toJSON(): string;
    static canParse(url: string, base?: string): boolean;
  }
  class URLSearchParams {
    constructor(init?: string | Record<string, string> | [string, string][]);
    get(name: string): string | null;
    getAll(name: string): string[];
    has(name: string): boolean;
    set(name: string, value: string): void;
    delete(name: string): void;
    append(name: string, value: string): void;
    keys(): IterableIterator<string>;
    entries(): IterableIterator<[string, string]>;
    forEach(callback: (value: string, key: string) => void): void;
    toString(): string;
  }
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
    decode(input?: Uint8Array, options?: { stream?: boolean }): string;
  }
  function atob(data: string): string;
  function btoa(data: string): string;
}
export {};
