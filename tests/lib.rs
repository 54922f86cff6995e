//! The integration tests: one binary, one module per concern.

mod support;

mod example;
mod golden;
mod import;
mod malformed;
mod properties;
mod rules;
