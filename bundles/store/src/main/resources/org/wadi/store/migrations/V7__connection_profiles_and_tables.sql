-- Connection profiles and connection tables saved through /api/v1/connection_profiles and
-- /api/v1/connection_tables (Arroyo's), usable in SQL by name. Options are rows of their own;
-- a secret option's value is stored encrypted (AES-GCM, "wadi:v1:" + base64 of nonce and
-- ciphertext) with encrypted = true.

CREATE TABLE connection_profiles (
    id          text PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    connector   text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL
);

CREATE TABLE connection_profile_options (
    profile_id  text NOT NULL REFERENCES connection_profiles (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    key         text NOT NULL,
    value       text NOT NULL,
    encrypted   boolean NOT NULL,
    PRIMARY KEY (profile_id, key)
);

CREATE TABLE connection_tables (
    id          text PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    connector   text NOT NULL,
    -- a profile in use cannot be deleted
    profile_id  text REFERENCES connection_profiles (id) ON DELETE RESTRICT,
    table_type  text NOT NULL,
    schema_json text,
    created_at  timestamptz NOT NULL
);

CREATE INDEX connection_tables_profile ON connection_tables (profile_id);

CREATE TABLE connection_table_options (
    table_id    text NOT NULL REFERENCES connection_tables (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    key         text NOT NULL,
    value       text NOT NULL,
    encrypted   boolean NOT NULL,
    PRIMARY KEY (table_id, key)
);
