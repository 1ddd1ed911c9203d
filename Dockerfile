# Passerelle: one image for the three entry points
#   node dist/main.js          HTTP api (listens on PORT, 3000 by default)
#   node dist/worker.js        BullMQ worker (no HTTP)
#   node dist/cli.js <cmd>     one-shot commands: migrate, seed
# docker-compose.yml picks the entry point per service with `command:`.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
# base: shared settings for both stages
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# Quiet, reproducible installs: no update checks, audit or funding calls, and
# no install-time telemetry (@scarf/scarf, pulled in by swagger-ui-dist).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    SCARF_ANALYTICS=false

# ---------------------------------------------------------------------------
# build: all dependencies (TypeScript is a dev dependency), compile to dist/
# ---------------------------------------------------------------------------
FROM base AS build
# Lockfile first so the install layer is reused while only sources change.
COPY package.json package-lock.json ./
# --omit=optional skips the dev-only Meilisearch binary package (the compose
# stack runs Meilisearch in its own container); tsc needs no optional package.
# npm install (not ci) with the lockfile: the lockfile is written on a registry mirror without the
# non-Linux builds of optional native packages, which `npm ci` would count as out of sync.
RUN npm install --no-save --no-audit --no-fund --omit=optional
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---------------------------------------------------------------------------
# runtime: production dependencies + compiled output only
# ---------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# argon2 ships prebuilt linux-x64/arm64 glibc binaries in its npm package, so
# this works on bookworm-slim without python/make/g++.
RUN npm install --no-save --no-audit --no-fund --omit=dev --omit=optional \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# package.json (copied above) marks the app root: templates are looked up next
# to it. Everything stays owned by root, so the app cannot modify its own code.
COPY templates ./templates
COPY public ./public
# Curated FAP ↔ ROME links and the demo subset: loaded with `node dist/cli.js import …` / `seed`.
COPY data ./data

# Non-root user provided by the official Node image (uid 1000).
USER node
EXPOSE 3000
# Default entry point: the HTTP api. No HEALTHCHECK here because the worker and
# the migrate job share this image; the api healthcheck is in docker-compose.yml.
CMD ["node", "dist/main.js"]
