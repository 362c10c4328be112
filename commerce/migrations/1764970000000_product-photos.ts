import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Product photos, uploaded from the console and kept here by their SHA-256: a product's `images`
 * names them by a URL of that hash, so the same bytes are stored once per brand and a URL never
 * changes what it shows (served with an immutable Cache-Control). Shoppers' image tags send no
 * token, so the photo is read through a definer function by its hash alone: a hash of bytes one does
 * not have cannot be guessed, and one who has the bytes learns nothing from them.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    CREATE TABLE catalogue_photos (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
      image bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, sha256)
    );
    CREATE INDEX catalogue_photos_sha256 ON catalogue_photos (sha256);
    SELECT app_enable_tenant_rls('catalogue_photos');

    CREATE FUNCTION public_catalogue_photo(p_sha256 text)
    RETURNS TABLE (media_type text, image bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT media_type, image FROM catalogue_photos WHERE sha256 = p_sha256 LIMIT 1
    $$;
    REVOKE ALL ON FUNCTION public_catalogue_photo(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION public_catalogue_photo(text) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION public_catalogue_photo(text);
    DROP TABLE catalogue_photos;
  `);
}
