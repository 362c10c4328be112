import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * Each product photo's thumbnail (a JPEG for small tiles, commerce/catalogue/thumbnails.ts), kept
 * beside it and made at upload. Photos kept before this have none: the first to ask for one has it
 * made and kept, through a definer function as shoppers' image tags send no token; it only fills an
 * empty thumbnail, with what the server made from the stored bytes.
 */
export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    ALTER TABLE catalogue_photos ADD COLUMN thumbnail bytea;

    -- The whole photo only when the thumbnail is still to be made: not 2 MB read for every tile.
    CREATE FUNCTION public_catalogue_thumbnail(p_sha256 text)
    RETURNS TABLE (thumbnail bytea, media_type text, image bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT thumbnail, media_type, CASE WHEN thumbnail IS NULL THEN image END
        FROM catalogue_photos WHERE sha256 = p_sha256 LIMIT 1
    $$;
    REVOKE ALL ON FUNCTION public_catalogue_thumbnail(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION public_catalogue_thumbnail(text) TO smartstore_app;

    CREATE FUNCTION keep_catalogue_thumbnail(p_sha256 text, p_thumbnail bytea)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      UPDATE catalogue_photos SET thumbnail = p_thumbnail WHERE sha256 = p_sha256 AND thumbnail IS NULL
    $$;
    REVOKE ALL ON FUNCTION keep_catalogue_thumbnail(text, bytea) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION keep_catalogue_thumbnail(text, bytea) TO smartstore_app;
  `);
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.sql(`
    DROP FUNCTION keep_catalogue_thumbnail(text, bytea);
    DROP FUNCTION public_catalogue_thumbnail(text);
    ALTER TABLE catalogue_photos DROP COLUMN thumbnail;
  `);
}
