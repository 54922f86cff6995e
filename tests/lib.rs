//! The integration tests: one binary, one module per concern.

mod support;

mod example;
mod golden;
mod malformed;
mod planning;
mod properties;
mod report;
mod rules;
