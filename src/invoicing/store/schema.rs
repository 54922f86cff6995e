//! The register's schema: its tables, constraints and triggers, the
//! columns a document's row is read by, and the steps that bring a
//! register of an earlier version up to this one.

pub(super) const SCHEMA_VERSION: &str = "2";

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '2');
CREATE TABLE IF NOT EXISTS documents (
    issuer TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999999999999),
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit')),
    recipient_code TEXT NOT NULL,
    recipient TEXT NOT NULL,
    year INTEGER NOT NULL,
    installment INTEGER NOT NULL CHECK (installment BETWEEN 1 AND installments),
    installments INTEGER NOT NULL,
    invoice_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    credits INTEGER CHECK ((kind = 'credit') = (credits IS NOT NULL)),
    inputs_sha256 TEXT NOT NULL,
    ocr TEXT NOT NULL DEFAULT '',
    view TEXT NOT NULL,
    lines_sha256 TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issuer, number),
    FOREIGN KEY (issuer, credits) REFERENCES documents (issuer, number)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS credited_once ON documents (issuer, credits) WHERE credits IS NOT NULL;
CREATE INDEX IF NOT EXISTS by_recipient ON documents (issuer, recipient_code, year);
CREATE INDEX IF NOT EXISTS by_year ON documents (issuer, year, number);
CREATE TABLE IF NOT EXISTS lines (
    issuer TEXT NOT NULL,
    number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    activity TEXT NOT NULL,
    charge TEXT NOT NULL,
    basis TEXT NOT NULL,
    label TEXT NOT NULL,
    account TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    PRIMARY KEY (issuer, number, position),
    FOREIGN KEY (issuer, number) REFERENCES documents (issuer, number) DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE TABLE IF NOT EXISTS exports (name TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT;
CREATE TRIGGER IF NOT EXISTS amount_is_the_sum_of_the_lines BEFORE INSERT ON documents
WHEN NEW.amount_ore IS NOT
    (SELECT COALESCE(SUM(amount_ore), 0) FROM lines WHERE issuer = NEW.issuer AND number = NEW.number)
BEGIN SELECT RAISE(ABORT, 'a document''s amount must be the sum of its lines'); END;
CREATE TRIGGER IF NOT EXISTS lines_are_fixed BEFORE INSERT ON lines
WHEN EXISTS (SELECT 1 FROM documents WHERE issuer = NEW.issuer AND number = NEW.number)
BEGIN SELECT RAISE(ABORT, 'a registered document''s lines are fixed'); END;
CREATE TRIGGER IF NOT EXISTS documents_are_never_changed BEFORE UPDATE OF
    issuer, number, kind, recipient_code, recipient, year, installment, installments, invoice_date,
    due_date, amount_ore, credits, inputs_sha256, ocr, view, lines_sha256, prev_sha256, sha256 ON documents
BEGIN SELECT RAISE(ABORT, 'registered documents are never changed'); END;
CREATE TRIGGER IF NOT EXISTS documents_are_signed_once BEFORE UPDATE OF signature ON documents
WHEN OLD.signature <> ''
BEGIN SELECT RAISE(ABORT, 'a registered document is signed once'); END;
CREATE TRIGGER IF NOT EXISTS documents_are_never_deleted BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'registered documents are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS lines_are_never_changed BEFORE UPDATE ON lines
BEGIN SELECT RAISE(ABORT, 'registered lines are never changed'); END;
CREATE TRIGGER IF NOT EXISTS lines_are_never_deleted BEFORE DELETE ON lines
BEGIN SELECT RAISE(ABORT, 'registered lines are never deleted'); END;
";

pub(super) const COLUMNS: &str = "issuer, number, kind, recipient_code, recipient, year, installment, installments, \
     invoice_date, due_date, amount_ore, credits, inputs_sha256, ocr, view, lines_sha256, prev_sha256, sha256, signature";

/// The steps from each earlier version to the next, run in the write
/// transaction that opens the register (so a refused run leaves the
/// register as it was): (version, what brings it to the next).
///
/// Version 2 (signed registers): each document's signature over its
/// chained digest (empty when unsigned, `src/signing.rs`), which may be
/// set once on a document committed unsigned; the digest itself is
/// unchanged, so every document of version 1 keeps its digest and chain.
pub(super) const MIGRATIONS: &[(&str, &str)] = &[(
    "1",
    "ALTER TABLE documents ADD COLUMN signature TEXT NOT NULL DEFAULT '';
     DROP TRIGGER documents_are_never_changed;
     UPDATE meta SET value = '2' WHERE key = 'schema';",
)];
