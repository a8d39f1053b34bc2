#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here. `prisma generate` only needs
# the WASM engines; sitrep applies migrations itself (src/store/migrate.ts).
echo "schema-engine-stub 0.0.0"
exit 0
