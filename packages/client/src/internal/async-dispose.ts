/** Type-only stand-in (nothing at runtime) for a TypeScript that lacks `Symbol.asyncDispose`. */
declare const noAsyncDispose: unique symbol

/**
 * The type of the client's dispose key: `typeof Symbol.asyncDispose` where the consumer's
 * TypeScript knows that symbol (`lib: ["esnext.disposable"]` or `@types/node`), so
 * `await using client = new Client()` type-checks there; a private stand-in symbol
 * elsewhere. The published declarations name the symbol only through this type, so they
 * also compile in a browser project with `lib: ["ES2022", "DOM"]` and `types: []`.
 */
export type AsyncDisposeSymbol = SymbolConstructor extends { readonly asyncDispose: symbol }
  ? SymbolConstructor['asyncDispose']
  : typeof noAsyncDispose
