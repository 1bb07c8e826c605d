/** bge-m3's token limits per text, `<s>` and `</s>` included: its position table holds 8,192. */
export const MODEL_MAX_LENGTH = 8192;
/** The shortest max_length: `<s>`, one piece, `</s>`. */
export const MIN_MAX_LENGTH = 3;
