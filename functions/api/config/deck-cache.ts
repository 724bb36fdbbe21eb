/**
 * Compiled decks loaded from the object store, kept per function instance by content hash
 * (a hash names immutable bytes, so a cached deck never goes stale). Bounded: a few decks of
 * 100k+ prefixes are tens of MB.
 */
import type { CompiledDeck } from '../../../core/decks/compiled/deck';
import { loadCompiledDeck } from '../../../core/decks/compiled/load';
import type { ObjectStore } from '../../../core/objects/object-store';

export const MAX_CACHED_DECKS = 8;
const cache = new Map<string, CompiledDeck>();

export async function compiledDeck(
  objects: ObjectStore,
  hash: string,
  key: string,
): Promise<CompiledDeck> {
  const hit = cache.get(hash);
  if (hit) return hit;
  const bytes = await objects.get(key);
  if (!bytes) throw new Error(`deck ${hash}: object ${key} is missing`);
  const loaded = loadCompiledDeck(bytes);
  if (!loaded.ok) throw new Error(`deck ${hash}: ${loaded.code}: ${loaded.message}`);
  if (cache.size >= MAX_CACHED_DECKS) cache.delete(cache.keys().next().value as string);
  cache.set(hash, loaded.deck);
  return loaded.deck;
}
