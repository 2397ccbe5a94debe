-- A commissioner's desk: the returns packs brought in, each as its
-- data.json and the cells of its sheets that hold no one's record.
CREATE TABLE desk_pack (
    id INTEGER PRIMARY KEY,
    -- The zip's SHA-256: the same pack twice is found by it.
    sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    provider TEXT NOT NULL,
    agreement TEXT NOT NULL,
    period TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    brought_in_at TEXT NOT NULL,
    -- The pack that replaced this one (a newer pack for the same provider,
    -- agreement and period); none for the one in use.
    replaced_by INTEGER REFERENCES desk_pack(id),
    data TEXT NOT NULL,
    sheets TEXT NOT NULL
) STRICT;

CREATE INDEX desk_pack_return ON desk_pack(provider, agreement, period);
