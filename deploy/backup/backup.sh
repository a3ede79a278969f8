#!/usr/bin/env bash
# Backup of what cannot be rebuilt: the PostgreSQL database (pg_dump, custom format,
# restored with pg_restore) and the uploaded files (MEDIA_ROOT). The search index is
# not backed up: `manage.py catalogue_index rebuild` makes it again from the database.
# Run nightly by coactions-backup.timer; copy BACKUP_DIR off the machine (deploy/README.md).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is required (postgres://user:password@host:5432/db)}"
: "${BACKUP_DIR:?BACKUP_DIR is required}"
media_root=${MEDIA_ROOT:-/srv/coactions/var/media}
keep_days=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)

umask 077
mkdir -p "$BACKUP_DIR"
# Written under a temporary name, so that a failed run never looks like a backup.
pg_dump --format=custom --no-owner --no-privileges \
  --file="$BACKUP_DIR/db-$stamp.dump.partial" "$DATABASE_URL"
mv "$BACKUP_DIR/db-$stamp.dump.partial" "$BACKUP_DIR/db-$stamp.dump"
if [[ -d "$media_root" ]]; then
  tar -C "$(dirname "$media_root")" -czf "$BACKUP_DIR/media-$stamp.tar.gz.partial" \
    "$(basename "$media_root")"
  mv "$BACKUP_DIR/media-$stamp.tar.gz.partial" "$BACKUP_DIR/media-$stamp.tar.gz"
fi
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) \
  -mtime +"$keep_days" -delete
echo "backup $stamp written to $BACKUP_DIR"
