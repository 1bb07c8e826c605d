# syntax=docker/dockerfile:1
# bge-m3 Studio: the Next.js app and HTTP API on port 7860, BAAI/bge-m3 on CPU with onnxruntime-node.
# The model (about 2.3 GB) is not in the image: it lives on a volume at /app/models. See docs/model-files.md.
# NOTE: written without a Docker engine at hand, so this file has not been built yet.
#
#   docker build -t bge-m3-studio .
#   docker run --rm -v bge-m3-models:/app/models bge-m3-studio npm run model:download
#   docker run -d --restart unless-stopped --stop-timeout 30 -p 7860:7860 -v bge-m3-models:/app/models bge-m3-studio
#
# Restarts: `npm start` (the CMD below) supervises the server and restarts it when it dies; the restart policy covers
# `npm start` itself ending (a crash loop exits with status 1). compose: `restart: unless-stopped` and
# `stop_grace_period: 30s` (a running inference step finishes before the server exits). README: Operations.

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. All dependencies; the build needs the dev ones. The onnxruntime-node install script would fetch CUDA
#    libraries from NuGet; the CPU binaries ship inside the npm package, so it is skipped.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

# 2. The production build (.next).
FROM deps AS build
COPY . .
RUN npx next build

# 3. Production dependencies only, plus tsx (a dev dependency with no dependencies but esbuild), which runs
#    `npm run model:download` / `model:verify` and the download `npm start` offers.
FROM deps AS runtime-deps
RUN mkdir /keep \
 && cp -a node_modules/tsx node_modules/esbuild node_modules/@esbuild /keep/ \
 && npm prune --omit=dev --no-audit --no-fund \
 && cp -a /keep/. node_modules/ \
 && mkdir -p node_modules/.bin \
 && ln -sf ../tsx/dist/cli.mjs node_modules/.bin/tsx

# 4. Runtime: non-root, the model on a volume, a health check.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    ONNXRUNTIME_NODE_INSTALL=skip \
    PORT=7860 \
    HOST=0.0.0.0 \
    BGE_M3_TEST_MODEL_DIR=/app/test-model/bge-m3-tiny
COPY --from=runtime-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/package.json /app/next.config.mjs /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/public ./public
# TypeScript sources the model scripts run through tsx (they import lib/model via the @/ alias in tsconfig.json).
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/lib ./lib
# The bundled test model sits outside the volume, so mounting /app/models never hides it.
COPY --from=build --chown=node:node /app/models/bge-m3-tiny ./test-model/bge-m3-tiny
RUN mkdir -p /app/models && chown node:node /app/models
USER node
VOLUME ["/app/models"]
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||7860)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# scripts/start.mjs picks /app/models/bge-m3 when it holds a model; otherwise it downloads it when
# BGE_M3_DOWNLOAD=1 (or asks, with `docker run -it`), else starts on the test model and says so loudly.
# It forwards SIGTERM (docker stop) to the server and does not restart it then.
CMD ["node", "scripts/start.mjs"]
