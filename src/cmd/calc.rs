//! `avgift calc`: every line the tariff produces.

use super::inputs::Inputs;
use super::{workbook, Failure, Output};
use crate::audit::Recipe;
use crate::write::{calc, Format};

pub fn run(o: &Output) -> Result<(), Failure> {
    let format = o.output.format()?;
    let inputs = Inputs::load(&o.common)?;
    let outcome = inputs.compute()?;
    let t = &inputs.tariff.tariff;
    let provenance = inputs.provenance()?;
    let recipe = Recipe::of(&[&provenance]);
    let bytes = match format {
        Format::Table => calc::table(t, &outcome).into_bytes(),
        Format::Csv => calc::csv(t, &outcome, o.output.dialect()).into_bytes(),
        Format::Json => calc::json(t, &outcome, &recipe).into_bytes(),
        Format::Xlsx => workbook(calc::xlsx(t, &outcome, &[inputs.source(&provenance)]))?,
    };
    o.output.emit(bytes, format, &recipe)
}
