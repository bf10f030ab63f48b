/**
 * The WHATWG URL API, which browsers and Node both provide. Declared here because this
 * package compiles without DOM or Node types, so that nothing else of theirs creeps in.
 */
declare class URLSearchParams {
  constructor(init?: string);
  getAll(name: string): string[];
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
declare class URL {
  constructor(url: string, base?: string);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly hash: string;
  readonly searchParams: URLSearchParams;
}
