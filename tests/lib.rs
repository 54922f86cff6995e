//! The integration tests: one binary, one module per concern.

mod support;

mod as_shown;
mod budget;
mod determinism;
mod documents;
mod einvoice;
mod example;
mod golden;
mod hardening;
mod import;
mod in_process;
mod invoice;
mod layers;
mod ledger;
mod letters;
mod messages;
mod model;
mod national;
mod payments;
mod planning;
mod properties;
mod receivables;
mod register;
mod report;
mod roundtrip;
mod rules;
mod shell;
mod verify;
mod xlsx;
