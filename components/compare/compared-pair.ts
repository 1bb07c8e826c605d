/** The two texts of one comparison: text a (the query) and text b (the candidate). */
export interface ComparedPair {
  a: string;
  b: string;
}

export const samePair = (x: ComparedPair | null, y: ComparedPair): boolean => x !== null && x.a === y.a && x.b === y.b;
