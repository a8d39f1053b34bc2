# sitrep on Node 24. Build: docker build -t sitrep . ; run with DATABASE_URL (PostgreSQL) or a volume for /app/data.
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund --omit=dev --ignore-scripts \
  && npm install --no-save --ignore-scripts prisma@7.10.0 \
  && node scripts/generate.js \
  && npm prune --omit=dev --ignore-scripts
COPY bin ./bin
COPY src ./src
# The initialised embedded database a new /app/data is copied from, so a first start skips initdb (seconds), and
# Node's compile cache of sitrep's modules (bin/sitrep.js), so every start skips stripping and compiling them. Both
# scripts only warn when they fail (right for npm install); an image must have both, so the build checks. Node
# writes the cache's files for its owner alone: they are handed to the user sitrep runs as.
RUN node scripts/build-pglite-template.js \
  && ls node_modules/.cache/sitrep/pglite-*/.sitrep-template-complete \
  && node scripts/warm-compile-cache.js \
  && test -n "$(ls -A node_modules/.cache/sitrep/compile)" \
  && chown -R node:node node_modules/.cache/sitrep/compile
COPY templates ./templates
COPY sitrep.example.yml manifest.yml ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--liftoff-only", "--max-semi-space-size=2", "bin/sitrep.js", "serve"]
