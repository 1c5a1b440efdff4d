-- medshare's index, in SQL that SQLite and PostgreSQL both take. Times are Unix seconds (the
-- block's time, which is the Clock the program stamps receipts with); offsets and addresses are
-- text, as the accounting writes them.

-- The newest transaction indexed; every write moves it in the same database transaction.
CREATE TABLE indexer_cursor (
    id INTEGER PRIMARY KEY,
    signature TEXT NOT NULL,
    slot BIGINT NOT NULL
);

-- Every finalized, successful transaction of the program: a replay finds it here and writes
-- nothing.
CREATE TABLE transactions (
    signature TEXT PRIMARY KEY,
    slot BIGINT NOT NULL,
    block_time BIGINT NOT NULL
);

-- Every event the program logged, by name, as logged (base64 of the discriminator and Borsh
-- body, readable with the program's IDL) and as text: grants and their changes, break-glass
-- configuration, documents, attestations, studies, deliveries.
CREATE TABLE events (
    signature TEXT NOT NULL,
    position INTEGER NOT NULL,
    slot BIGINT NOT NULL,
    block_time BIGINT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (signature, position)
);
CREATE INDEX events_by_kind ON events (kind, slot);

-- One row per disclosure, as its receipt reads: queued, then settled exactly once.
CREATE TABLE disclosures (
    disclosure TEXT PRIMARY KEY,
    receipt TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    queued_unix BIGINT NOT NULL,
    completed_at TEXT NOT NULL,
    completed_unix BIGINT NOT NULL,
    patient TEXT NOT NULL,
    recipient TEXT NOT NULL,
    requester TEXT NOT NULL,
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL,
    basis TEXT NOT NULL,
    basis_kind TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    version BIGINT,
    status TEXT NOT NULL,
    status_kind TEXT NOT NULL,
    queued_signature TEXT NOT NULL,
    completed_signature TEXT
);
CREATE INDEX disclosures_by_time ON disclosures (queued_unix, disclosure);
CREATE INDEX disclosures_by_patient ON disclosures (patient, queued_unix);
CREATE INDEX disclosures_by_recipient ON disclosures (recipient, queued_unix);

-- Providers' names as they registered them, for the accounting's recipient column.
CREATE TABLE providers (
    provider TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    identifier TEXT NOT NULL
);

-- What the indexer could not read, with why; it never stops the indexer.
CREATE TABLE set_aside (
    signature TEXT NOT NULL,
    position BIGINT NOT NULL,
    reason TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (signature, position)
);
