# The ISF worker and admin script. Multi-stage: build with dev dependencies, run with production
# dependencies only, as a non-root user.
#   docker build -t isf .
#   docker run --rm isf                      # the worker (node dist/worker/index.js)
#   docker run --rm --entrypoint node isf bin/isf.js health
FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
# The Temporal binaries are for tests and the embedded `npm start`; a deployment has its own cluster.
ENV ISF_SKIP_TEMPORAL_INSTALL=1
COPY package.json package-lock.json ./
COPY scripts/install-temporal.mjs scripts/
RUN npm ci --ignore-scripts && node scripts/install-temporal.mjs
COPY . .
RUN npm run build

FROM node:20.19.5-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production ISF_SKIP_TEMPORAL_INSTALL=1
COPY package.json package-lock.json ./
# better-sqlite3 (the read model under npm start; compose uses PostgreSQL) is native: its binary is
# fetched or compiled here, and the compilers removed again.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 \
  && apt-get purge -y python3 make g++ && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
USER node
# Prometheus metrics (ISF_METRICS_PORT); the worker binds it on ISF_METRICS_HOST.
EXPOSE 9464
ENTRYPOINT ["node", "dist/worker/index.js"]
