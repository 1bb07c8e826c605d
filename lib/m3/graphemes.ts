/**
 * Where grapheme clusters start in a text, without segmenting all of it: Intl.Segmenter took about a second for a
 * 48,000-character document here, twice its tokenization.
 */

/**
 * UTF-16 units of Grapheme_Cluster_Break=Other that are not Extended_Pictographic: printable ASCII, Latin letters,
 * CJK ideographs, CJK and general punctuation, fullwidth forms. Between two of them a cluster always ends (UAX #29,
 * GB999).
 */
const isPlain = (c: number): boolean =>
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xc0 && c <= 0x24f) ||
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0x2010 && c <= 0x2027) ||
  (c >= 0x3001 && c <= 0x3011) ||
  (c >= 0xff01 && c <= 0xff5e);

/**
 * A test of whether a grapheme cluster starts at UTF-16 offset k (0 ≤ k ≤ text.length; the text's end counts). Offsets
 * between two plain units are answered at once; only the others ask Intl.Segmenter, which is created when first needed.
 *
 * @example graphemeStartTest("a👍🏽")(2) // false: inside the thumbs-up and its skin tone
 */
export function graphemeStartTest(text: string): (k: number) => boolean {
  let segments: Intl.Segments | undefined;
  return (k) => {
    if (k <= 0 || k >= text.length) return k === 0 || k === text.length;
    if (isPlain(text.charCodeAt(k - 1)) && isPlain(text.charCodeAt(k))) return true;
    segments ??= new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text);
    return segments.containing(k)!.index === k;
  };
}
