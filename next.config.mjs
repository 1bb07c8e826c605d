/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and the tokenizer stay outside the bundle; Next already lists them, this documents intent.
  serverExternalPackages: ["onnxruntime-node", "@huggingface/transformers", "@huggingface/tokenizers", "pino"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
