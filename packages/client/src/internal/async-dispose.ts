/**
 * `typeof Symbol.asyncDispose` where the consumer's TypeScript knows that symbol
 * (`lib: ["esnext.disposable"]` or `@types/node`), `never` elsewhere. The published
 * declarations name the symbol only through this type, so they also compile in a
 * browser project with `lib: ["ES2022", "DOM"]` and `types: []`.
 */
export type AsyncDisposeSymbol = SymbolConstructor extends {
  readonly asyncDispose: infer S extends symbol
}
  ? S
  : never

/**
 * `[Symbol.asyncDispose](): Promise<void>` (so `await using x = …` type-checks) where the
 * consumer's TypeScript knows the symbol; nothing where it does not.
 */
export type AsyncDisposableWhereKnown = { [K in AsyncDisposeSymbol]: () => Promise<void> }

/** The runtime key: the engine's `Symbol.asyncDispose`, or the registered one polyfills use. */
export const asyncDispose: symbol = Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')
