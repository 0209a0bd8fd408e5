# syntax=docker/dockerfile:1
# Two runnable targets:
#   docker build -t tts-bot .                      -> CPU (default, last stage)
#   docker build --target cuda -t tts-bot:cuda .   -> NVIDIA GPU (CUDA 12 execution provider for onnxruntime)
# Models and the SQLite file live on the /data volume.

ARG NODE_VERSION=24

# ---- build: native addons (@discordjs/opus) need a compiler; none of it ships in the runtime image ----
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# package.json "allowScripts" denies onnxruntime-node's install script (it only downloads CUDA libraries); the CPU
# provider ships inside the npm package. .npmrc's engine-strict stops the install on a Node older than 24.
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY models ./models

# ---- cuda: same app on NVIDIA's CUDA 12 + cuDNN runtime, with onnxruntime's CUDA provider installed ----
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/node /usr/local/bin/node
COPY --from=build /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /app
COPY --from=build /app ./
# onnxruntime-node's own install script, run by hand: fetches the CUDA 12 provider libraries (network at build time).
RUN npm run install:cuda
# Downloaded voices land on the volume: models/voices is a link into /data, the shipped vocoder stays in the image.
RUN useradd --system --create-home --uid 10001 bot \
 && mkdir -p /data/voices && ln -s /data/voices /app/models/voices && chown -R bot /data
ENV NODE_ENV=production \
    DATABASE_URL=sqlite:/data/settings.sqlite \
    MODELS_DIR=/app/models \
    GENERATOR_PROVIDERS=cuda,cpu \
    HEALTH_HOST=127.0.0.1 \
    HEALTH_PORT=8080
VOLUME ["/data"]
USER bot
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "src/main.ts"]

# ---- cpu (default): slim Debian with Node 24 ----
FROM node:${NODE_VERSION}-bookworm-slim AS cpu
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Downloaded voices land on the volume: models/voices is a link into /data, the shipped vocoder stays in the image.
RUN useradd --system --create-home --uid 10001 bot \
 && mkdir -p /data/voices && ln -s /data/voices /app/models/voices && chown -R bot /data
ENV NODE_ENV=production \
    DATABASE_URL=sqlite:/data/settings.sqlite \
    MODELS_DIR=/app/models \
    GENERATOR_PROVIDERS=cpu \
    HEALTH_HOST=127.0.0.1 \
    HEALTH_PORT=8080
VOLUME ["/data"]
USER bot
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "src/main.ts"]
