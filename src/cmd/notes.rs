//! `avgift notes`: the annual report's notes, this year beside last year.

use super::inputs::Inputs;
use super::{Failure, Output};
use crate::write::{notes, Format};

pub fn run(o: &Output) -> Result<(), Failure> {
    let inputs = Inputs::load(&o.common)?;
    let outcome = inputs.compute()?;
    let n = inputs.notes(&outcome);
    let text = match o.format() {
        Format::Table => notes::table(&n),
        Format::Csv => notes::csv(&n),
        Format::Json => notes::json(&n),
    };
    o.emit(&text)
}
