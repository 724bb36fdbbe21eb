/** Typed arrays that grow by doubling, for compile-time columns whose final size is unknown. */

export function growUint32(array: Uint32Array, minLength: number): Uint32Array {
  const grown = new Uint32Array(Math.max(minLength, array.length * 2));
  grown.set(array);
  return grown;
}

export function growInt32(array: Int32Array, minLength: number, fill: number): Int32Array {
  const grown = new Int32Array(Math.max(minLength, array.length * 2)).fill(fill);
  grown.set(array);
  return grown;
}
