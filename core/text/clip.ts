/** Shortens a value quoted in an error message so messages stay one readable line. */
export function clip(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
