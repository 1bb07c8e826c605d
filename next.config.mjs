/** @type {import('next').NextConfig} */
const nextConfig = {
  // The native addon and the logger stay outside the bundle; Next already lists them, this documents intent.
  serverExternalPackages: ["onnxruntime-node", "pino"],
  // NEXT_DIST_DIR lets parallel builds (e.g. two engineers' browser-test runs) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
