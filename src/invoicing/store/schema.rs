//! The register's schema: its tables, constraints and triggers, the
//! columns a document's row is read by, and the steps that bring a
//! register of an earlier version up to this one.

pub(super) const SCHEMA_VERSION: &str = "3";

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '3');
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
///
/// Version 3 (receivables): the tables of [`RECEIVABLES`], which the run
/// makes right after the steps, as it makes every table that is missing;
/// the step only says that the register holds them now.
pub(super) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "1",
        "ALTER TABLE documents ADD COLUMN signature TEXT NOT NULL DEFAULT '';
         DROP TRIGGER documents_are_never_changed;
         UPDATE meta SET value = '2' WHERE key = 'schema';",
    ),
    ("2", "UPDATE meta SET value = '3' WHERE key = 'schema';"),
];

// --- The receivables (payments, allocations, reminders) ----------------
//
// Since version 3 of the schema. A run that opens a register makes them
// (`CREATE … IF NOT EXISTS`) after the migrations, so that a register of
// version 2 gets them, empty, by the step to 3.

/// What the receivables keep: the terms the last invoicing run recorded
/// (mutable: the tariff's settings as of then), and the events (an import
/// of a payment file, an allocation by hand, a run of reminders), each in
/// one SHA-256 chain, with their details (payments, allocations,
/// reminders) covered by the event's digest. Nothing of it is ever
/// changed or deleted; an allocation never takes more than its payment.
pub(super) const RECEIVABLES: &str = "
CREATE TABLE IF NOT EXISTS terms (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('import', 'allocation', 'reminders')),
    issuer TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    file_sha256 TEXT,
    content_sha256 TEXT,
    identity TEXT NOT NULL,
    bank TEXT NOT NULL,
    receivables TEXT NOT NULL,
    documents INTEGER NOT NULL,
    count INTEGER NOT NULL,
    amount_ore INTEGER NOT NULL,
    details_sha256 TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL DEFAULT '',
    CHECK ((kind = 'import') = (file_sha256 IS NOT NULL AND content_sha256 IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS file_imported_once ON events (file_sha256) WHERE file_sha256 IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS payments_imported_once ON events (content_sha256) WHERE content_sha256 IS NOT NULL;
CREATE TABLE IF NOT EXISTS payments (
    id INTEGER PRIMARY KEY CHECK (id >= 1),
    event INTEGER NOT NULL REFERENCES events (seq) DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'deduction')),
    date TEXT NOT NULL,
    amount_ore INTEGER NOT NULL CHECK ((kind = 'deduction') = (amount_ore < 0)),
    reference TEXT NOT NULL,
    extra TEXT NOT NULL,
    information TEXT NOT NULL,
    payer_name TEXT NOT NULL,
    payer_org_nr TEXT NOT NULL,
    payer_account TEXT NOT NULL,
    serial TEXT NOT NULL,
    deposit TEXT NOT NULL,
    line INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS payments_of_event ON payments (event);
CREATE TABLE IF NOT EXISTS allocations (
    event INTEGER NOT NULL REFERENCES events (seq) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    payment INTEGER NOT NULL REFERENCES payments (id),
    issuer TEXT NOT NULL,
    number INTEGER NOT NULL,
    amount_ore INTEGER NOT NULL CHECK (amount_ore <> 0),
    how TEXT NOT NULL CHECK (how IN ('ocr', 'manual')),
    PRIMARY KEY (event, position),
    FOREIGN KEY (issuer, number) REFERENCES documents (issuer, number)
) STRICT;
CREATE INDEX IF NOT EXISTS allocations_of_payment ON allocations (payment);
CREATE TABLE IF NOT EXISTS reminders (
    event INTEGER NOT NULL REFERENCES events (seq) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    issuer TEXT NOT NULL,
    number INTEGER NOT NULL,
    ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
    outstanding_ore INTEGER NOT NULL CHECK (outstanding_ore > 0),
    interest_ore INTEGER NOT NULL CHECK (interest_ore >= 0),
    fee_ore INTEGER NOT NULL CHECK (fee_ore >= 0),
    pay_by TEXT NOT NULL,
    basis TEXT NOT NULL,
    PRIMARY KEY (event, position),
    FOREIGN KEY (issuer, number) REFERENCES documents (issuer, number)
) STRICT;
CREATE INDEX IF NOT EXISTS reminders_of_document ON reminders (issuer, number);
CREATE TRIGGER IF NOT EXISTS an_allocation_stays_within_its_payment BEFORE INSERT ON allocations
WHEN NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = NEW.payment
    AND (NEW.amount_ore > 0) = (p.amount_ore > 0)
    AND ABS((SELECT COALESCE(SUM(amount_ore), 0) FROM allocations WHERE payment = NEW.payment) + NEW.amount_ore)
        <= ABS(p.amount_ore))
BEGIN SELECT RAISE(ABORT, 'an allocation takes more than its payment, or the other sign'); END;
CREATE TRIGGER IF NOT EXISTS an_event_holds_its_details BEFORE INSERT ON events
WHEN NEW.count IS NOT (SELECT COUNT(*) FROM payments WHERE event = NEW.seq)
        + (SELECT COUNT(*) FROM allocations WHERE event = NEW.seq)
        + (SELECT COUNT(*) FROM reminders WHERE event = NEW.seq)
  OR NEW.amount_ore IS NOT CASE NEW.kind
        WHEN 'import' THEN (SELECT COALESCE(SUM(amount_ore), 0) FROM payments WHERE event = NEW.seq)
        WHEN 'allocation' THEN (SELECT COALESCE(SUM(amount_ore), 0) FROM allocations WHERE event = NEW.seq)
        ELSE (SELECT COALESCE(SUM(outstanding_ore), 0) FROM reminders WHERE event = NEW.seq) END
BEGIN SELECT RAISE(ABORT, 'an event''s count and amount must be its details'''); END;
CREATE TRIGGER IF NOT EXISTS payments_are_fixed BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.event)
BEGIN SELECT RAISE(ABORT, 'a registered event''s payments are fixed'); END;
CREATE TRIGGER IF NOT EXISTS allocations_are_fixed BEFORE INSERT ON allocations
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.event)
BEGIN SELECT RAISE(ABORT, 'a registered event''s allocations are fixed'); END;
CREATE TRIGGER IF NOT EXISTS reminders_are_fixed BEFORE INSERT ON reminders
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.event)
BEGIN SELECT RAISE(ABORT, 'a registered event''s reminders are fixed'); END;
CREATE TRIGGER IF NOT EXISTS events_are_never_changed BEFORE UPDATE OF
    seq, kind, issuer, date, source, format, file_sha256, content_sha256, identity, bank, receivables,
    documents, count, amount_ore, details_sha256, prev_sha256, sha256 ON events
BEGIN SELECT RAISE(ABORT, 'registered events are never changed'); END;
CREATE TRIGGER IF NOT EXISTS events_are_signed_once BEFORE UPDATE OF signature ON events
WHEN OLD.signature <> ''
BEGIN SELECT RAISE(ABORT, 'a registered event is signed once'); END;
CREATE TRIGGER IF NOT EXISTS events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'registered events are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS payments_are_never_changed BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'registered payments are never changed'); END;
CREATE TRIGGER IF NOT EXISTS payments_are_never_deleted BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'registered payments are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS allocations_are_never_changed BEFORE UPDATE ON allocations
BEGIN SELECT RAISE(ABORT, 'registered allocations are never changed'); END;
CREATE TRIGGER IF NOT EXISTS allocations_are_never_deleted BEFORE DELETE ON allocations
BEGIN SELECT RAISE(ABORT, 'registered allocations are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS reminders_are_never_changed BEFORE UPDATE ON reminders
BEGIN SELECT RAISE(ABORT, 'registered reminders are never changed'); END;
CREATE TRIGGER IF NOT EXISTS reminders_are_never_deleted BEFORE DELETE ON reminders
BEGIN SELECT RAISE(ABORT, 'registered reminders are never deleted'); END;
";

/// The columns an event's row is read by.
pub(super) const EVENT_COLUMNS: &str =
    "seq, kind, issuer, date, source, format, file_sha256, content_sha256, \
     identity, bank, receivables, documents, count, amount_ore, details_sha256, prev_sha256, sha256, signature";
