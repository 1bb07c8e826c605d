export * from "./colbert";
export * from "./dense";
export * from "./hybrid";
export * from "./lexical";
export type * from "./types";
export * from "./vector";
