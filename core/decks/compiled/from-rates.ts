/**
 * Validated rows straight to a loaded deck, for callers that compile and use in one process
 * (the CLI, tests, the local stack). The edge instead loads bytes the cloud compiled.
 */
import { compileDeck, type CompilableRate, type CompileResult } from './compile';
import type { CompiledDeck } from './deck';
import { loadCompiledDeck } from './load';

export type DeckFromRates =
  | { readonly ok: true; readonly deck: CompiledDeck; readonly bytes: Uint8Array }
  | Extract<CompileResult, { ok: false }>;

export function deckFromRates(rates: readonly CompilableRate[]): DeckFromRates {
  const compiled = compileDeck(rates);
  if (!compiled.ok) return compiled;
  // The bytes were just written here: the hash check would only re-hash our own output.
  const loaded = loadCompiledDeck(compiled.bytes, { verifyHash: false });
  if (!loaded.ok) throw new Error(`compiled deck does not load: ${loaded.message}`);
  return { ok: true, deck: loaded.deck, bytes: compiled.bytes };
}
