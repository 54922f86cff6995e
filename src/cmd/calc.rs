//! `avgift calc`: every line the tariff produces.

use super::inputs::Inputs;
use super::{Failure, Output};
use crate::write::{calc, Format};

pub fn run(o: &Output) -> Result<(), Failure> {
    let inputs = Inputs::load(&o.common)?;
    let outcome = inputs.compute()?;
    let t = &inputs.tariff.tariff;
    let text = match o.format() {
        Format::Table => calc::table(t, &outcome),
        Format::Csv => calc::csv(t, &outcome),
        Format::Json => calc::json(t, &outcome),
    };
    o.emit(&text)
}
