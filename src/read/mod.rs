//! Readers: files in, engine types out. Every problem names its file and
//! line (and column, for the tariff).

pub mod actuals;
pub mod figure;
pub mod letter;
pub mod municipalities;
pub mod overrides;
pub mod payments;
pub mod plan;
pub mod population;
pub mod recipients;
pub mod records;
pub mod register;
pub mod scb;
pub mod sie;
pub mod tariff;
pub mod text;
pub mod toml;
pub mod weights;
pub mod workbook;
