/** The part of madge's API the module-graph test uses (madge ships no types). */
declare module "madge" {
  interface MadgeResult {
    /** File → the files it imports, relative to the common base of the scanned paths. */
    obj(): Record<string, string[]>;
    /** Each import cycle as its files in order. */
    circular(): string[][];
  }
  interface MadgeConfig {
    fileExtensions?: string[];
    tsConfig?: string;
    excludeRegExp?: RegExp[];
    detectiveOptions?: Record<string, { skipTypeImports?: boolean }>;
  }
  export default function madge(paths: string | string[], config?: MadgeConfig): Promise<MadgeResult>;
}
