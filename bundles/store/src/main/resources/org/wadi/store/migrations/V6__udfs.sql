-- Java source functions saved with POST /api/v1/udfs (Arroyo's global UDFs), offered to every
-- pipeline planned after they are saved.

CREATE TABLE udfs (
    id          text PRIMARY KEY,
    prefix      text NOT NULL DEFAULT '',
    name        text NOT NULL UNIQUE,
    language    text NOT NULL CHECK (language IN ('java')),
    definition  text NOT NULL,
    description text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
