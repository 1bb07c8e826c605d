/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and the tokenizer stay outside the bundle; Next already lists them, this documents intent.
  serverExternalPackages: ["onnxruntime-node", "@huggingface/transformers", "@huggingface/tokenizers", "pino"],
  // NEXT_DIST_DIR lets parallel builds (e.g. two engineers' browser-test runs) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
