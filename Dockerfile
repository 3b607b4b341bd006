# The hotline's container image, built from the compiled code (`npm run build` → dist/).
#   docker build -t hotline .                       # web chat, WhatsApp Cloud, the console
#   docker build -t hotline --build-arg CHROMIUM=1 . # also WHATSAPP_MODE=web (whatsapp-web.js drives Chromium)
# docs/operations.md says how to run it (docker-compose.yml: a MongoDB replica set, two hotlines, a proxy).
# Not built on the machine this was written on (no Docker there): see docs/operations.md, "Containers".

# --- build: the dependencies (cld compiles a C++ addon), the compiled code, the trained model ---
FROM node:20-bookworm-slim AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends build-essential python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /hotline
COPY package.json package-lock.json .npmrc .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json index.ts ./
COPY app app
COPY kernel kernel
COPY models models
COPY services services
COPY dialogs dialogs
COPY bot bot
COPY channels channels
COPY console console
COPY locales locales
COPY profiles profiles
COPY widget widget
COPY scripts scripts
RUN npm run build && npm prune --omit=dev

# --- run: node, the production dependencies and dist/, as an unprivileged user ---
FROM node:20-bookworm-slim
ARG CHROMIUM=0
RUN if [ "$CHROMIUM" = "1" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*; fi
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data \
    WHATSAPP_WEB_SESSION_DIR=/data/whatsapp-web
WORKDIR /hotline
COPY --from=build /hotline/package.json ./
COPY --from=build /hotline/node_modules node_modules
COPY --from=build /hotline/dist dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3978
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) is the graceful shutdown: requests and turns in flight finish.
STOPSIGNAL SIGTERM
CMD ["node", "dist/index.js"]
