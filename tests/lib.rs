//! The integration tests: one binary, one module per concern.

mod support;

mod determinism;
mod einvoice;
mod example;
mod golden;
mod import;
mod invoice;
mod malformed;
mod national;
mod planning;
mod properties;
mod report;
mod rules;
mod shell;
mod verify;
mod xlsx;
