//! The pure core: tariff model, rule kinds, apportionment, rounding. No I/O;
//! fails only by validation, with problems that name tariff keys.

pub mod actuals;
pub mod apportion;
pub mod code;
pub mod compare;
pub mod compute;
pub mod date;
pub mod ident;
pub mod invoice;
pub mod letters;
pub mod matrix;
pub mod model;
pub mod notes;
pub mod outcome;
pub mod payment;
pub mod plan;
pub mod population;
pub mod receivables;
pub mod register;
pub mod rules;
pub mod solve;
pub mod totals;
pub mod validate;
pub mod wide;

pub use actuals::{ActualRow, Actuals, Figures};
pub use code::Code;
pub use compute::{compute, Lines};
pub use model::Tariff;
pub use outcome::{Kind, Line, LineRef, Outcome};
pub use population::{Inhabitants, Population};
