#!/bin/sh
# Daily logical backup of the database to object storage, keeping the newest RETENTION dumps.
#   pg-backup.sh dump    (postgres:17 image)  pg_dump DATABASE_URL into /backup
#   pg-backup.sh upload  (aws-cli image)      copy the dump to s3://BUCKET/PREFIX/, prune old ones
# Dump names sort by time (ams-YYYYmmddTHHMMSSZ.dump), so "oldest" is "first by name".
set -eu

case "${1:-}" in
  dump)
    name="ams-$(date -u +%Y%m%dT%H%M%SZ).dump"
    # Custom format: compressed, restorable table by table with pg_restore.
    pg_dump --format=custom --no-owner --no-privileges --file="/backup/$name.partial" "$DATABASE_URL"
    mv "/backup/$name.partial" "/backup/$name"
    echo "dumped $name ($(wc -c < "/backup/$name") bytes)"
    ;;
  upload)
    : "${BACKUP_S3_BUCKET:?}" "${BACKUP_S3_PREFIX:?}" "${BACKUP_RETENTION_COUNT:?}"
    # An S3-compatible server (MinIO) when BACKUP_S3_ENDPOINT is set, AWS otherwise.
    s3() { aws ${BACKUP_S3_ENDPOINT:+--endpoint-url "$BACKUP_S3_ENDPOINT"} "$@"; }
    for file in /backup/ams-*.dump; do
      s3 s3 cp "$file" "s3://$BACKUP_S3_BUCKET/$BACKUP_S3_PREFIX/$(basename "$file")"
    done
    keys=$(s3 s3api list-objects-v2 --bucket "$BACKUP_S3_BUCKET" --prefix "$BACKUP_S3_PREFIX/ams-" \
      --query 'Contents[].Key' --output text | tr '\t' '\n' | grep -v '^None$' | sort)
    total=$(printf '%s\n' "$keys" | grep -c . || true)
    excess=$((total - BACKUP_RETENTION_COUNT))
    if [ "$excess" -gt 0 ]; then
      printf '%s\n' "$keys" | head -n "$excess" | while read -r key; do
        s3 s3 rm "s3://$BACKUP_S3_BUCKET/$key"
      done
    fi
    echo "kept $((total - (excess > 0 ? excess : 0))) of $total dumps"
    ;;
  *)
    echo "usage: $0 dump|upload" >&2
    exit 2
    ;;
esac
