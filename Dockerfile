# syntax=docker/dockerfile:1.7
# One image per service:   docker build --build-arg APP=gateway -t ams/gateway:0.1.0 .
# The migration job:       docker build --target migrate -t ams/migrate:0.1.0 .
#
# Services run from TypeScript with @swc-node/register, exactly as `npm start` does
# (libs/devstack launchService): the repo has no JS build (tsc only type-checks), and SWC
# compiles each file once at start-up (cached under /tmp). APP is one of: gateway, media,
# analysis, embedding-search, billing, audit.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: install every dependency, generate the Prisma client and the offline lexicon ------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true
# Scripts are skipped here and run below once the sources they need are present.
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
# postinstall = prisma generate (libs/db/src/generated) + npm run build:lexicon (.data/lexicon).
RUN npm run postinstall
# The web client the gateway serves at `/` (apps/web/dist, static files).
RUN npx vite build --config apps/web/vite.config.mts

# --- prod-deps: runtime node_modules only ----------------------------------------------------
FROM build AS prod-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund
# @swc-node/register requires typescript at run time (it reads tsconfig paths), a devDependency.
COPY --from=build /app/node_modules/typescript ./node_modules/typescript

# --- runtime base: tini, a non-root user, the shared code --------------------------------------
FROM ${NODE_IMAGE} AS runtime-base
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/ams \
    LEXICON_DIR=/app/lexicon
# The node image's "node" user is uid 1000; DATA_DIR is the one writable place besides /tmp.
RUN mkdir -p /var/lib/ams && chown node:node /var/lib/ams
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/.data/lexicon ./lexicon
COPY package.json tsconfig.json tsconfig.base.json ./
COPY --from=build /app/libs ./libs
ENTRYPOINT ["/usr/bin/tini", "--"]

# --- migrate: the one-shot job applying prisma/migrations (needs DATABASE_URL) -----------------
FROM runtime-base AS migrate
COPY prisma/migrations ./prisma/migrations
USER node
CMD ["node", "-r", "@swc-node/register", "libs/db/src/migrate.main.ts"]

# --- service: the default target ------------------------------------------------------------------
FROM runtime-base AS service
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<service>" >&2 && exit 1)
# Media tools: the gateway inspects uploads (ffprobe/ffmpeg); analysis also transcribes
# (pocketsphinx + its English model) and reads text in images (tesseract).
RUN set -eu; \
  case "$APP" in \
    gateway) packages="ffmpeg" ;; \
    analysis) packages="ffmpeg pocketsphinx pocketsphinx-en-us tesseract-ocr tesseract-ocr-eng" ;; \
    *) packages="" ;; \
  esac; \
  if [ -n "$packages" ]; then \
    apt-get update && apt-get install -y --no-install-recommends $packages && rm -rf /var/lib/apt/lists/*; \
  fi
COPY apps/${APP} ./apps/${APP}
# Static files only; the gateway serves them (other services never read them).
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY deploy/docker/healthcheck.js ./healthcheck.js
ENV AMS_APP=${APP}
USER node
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "healthcheck.js"]
# tini (PID 1) forwards SIGTERM to node; Nest's shutdown hooks close HTTP, drain work, close AMQP.
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${AMS_APP}/src/main.ts"]
