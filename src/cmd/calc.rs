//! `avgift calc`: every line the tariff produces.

use super::inputs::Inputs;
use super::{workbook, Failure, Output};
use crate::write::{calc, Format};

pub fn run(o: &Output) -> Result<(), Failure> {
    let format = o.output.format()?;
    let inputs = Inputs::load(&o.common)?;
    let outcome = inputs.compute()?;
    let t = &inputs.tariff.tariff;
    let bytes = match format {
        Format::Table => calc::table(t, &outcome).into_bytes(),
        Format::Csv => calc::csv(t, &outcome, o.output.dialect()).into_bytes(),
        Format::Json => calc::json(t, &outcome).into_bytes(),
        Format::Xlsx => {
            let provenance = inputs.provenance()?;
            workbook(calc::xlsx(t, &outcome, &[inputs.source(&provenance)]))?
        }
    };
    o.output.emit(bytes)
}
