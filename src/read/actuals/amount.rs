//! What both layouts of an actuals file share: an amount column headed by
//! its year, and an amount in kronor from a field.

use rust_decimal::Decimal;

use crate::msg;
use crate::msg::Message;
use crate::read::figure::{self, Figure, Unit};

/// A column headed by its year: `2023`, `2023, kr`, `2023 (tkr)`, `2023
/// (utfall)`: the year, and whether its figures are tkr (`None`: the
/// header does not say).
pub(super) fn year_column(header: &str) -> Option<(i32, Option<bool>)> {
    let h = crate::read::scb::vocabulary::fold(header);
    let (year, rest) = (h.get(..4)?, h.get(4..)?);
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tkr = match rest.trim_start_matches(',').trim() {
        "" | "(utfall)" | "utfall" => None,
        "kr" | "(kr)" => Some(false),
        "tkr" | "(tkr)" => Some(true),
        _ => return None,
    };
    Some((year.parse().ok()?, tkr))
}

/// An amount in kronor and whether it was written in tkr: `.` decimals,
/// or a decimal comma in a file with `;` or tab between fields, a unit
/// `kr` or `tkr` (a bare figure in a column headed in tkr is thousands);
/// see [`figure::parse_figure`].
pub(super) fn parse_amount(s: &str, delimiter: u8, column_in_tkr: bool) -> Result<(Decimal, bool), Message> {
    let figure = match figure::parse_figure(s, delimiter) {
        Ok(Some(f)) => f,
        Ok(None) => return Err(msg!("actuals-missing-amount")),
        Err(e) => return Err(msg!("actuals-amount", why = e)),
    };
    let figure = match (figure.unit, column_in_tkr) {
        (Unit::Plain, true) => Figure {
            unit: Unit::Tkr,
            ..figure
        },
        _ => figure,
    };
    let amount = figure
        .kronor(s.trim())
        .map_err(|e| msg!("actuals-amount", why = e))?;
    if amount.abs() > crate::engine::validate::MAX_AMOUNT {
        return Err(msg!("actuals-amount-too-large", amount = s.trim()));
    }
    Ok((amount, figure.unit == Unit::Tkr))
}

/// The payer an external row names: its party, or the payer of the
/// notes' label (`Fakturerat HSNK`).
pub(super) fn external_party(party: &str) -> &str {
    match party.get(..11) {
        Some(prefix) if prefix.eq_ignore_ascii_case("fakturerat ") => party[11..].trim(),
        _ => party,
    }
}

/// Whether a row read from one of several years' columns is a line of
/// another year: an adjustment of zero (the notes show each year's
/// adjustments beside the other's, with 0 where a year has none).
pub(super) fn other_years_line(row: &crate::engine::actuals::ActualRow) -> bool {
    row.kind == crate::engine::outcome::Kind::Adjustment && row.amount.is_zero()
}
