//! Writers: engine results out as terminal tables (Swedish formatting), CSV
//! and JSON (`.` decimals, no grouping), and an HTML report; always rendered
//! whole in memory and then written atomically.

pub mod calc;
pub mod chart_svg;
pub mod compare;
pub mod file;
pub mod html;
pub mod json;
pub mod notes;
pub mod projected;
pub mod report;
pub mod table;

use clap::ValueEnum;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table, Swedish number format (for people).
    Table,
    /// Comma-separated values, `.` decimals, no grouping (for scripts).
    Csv,
    /// JSON, numbers with `.` decimals (for scripts).
    Json,
}

impl Format {
    /// The format asked for; else the one `-o`'s extension names; else a
    /// table on a terminal and CSV when piped.
    pub fn resolve(explicit: Option<Format>, output: Option<&std::path::Path>, terminal: bool) -> Format {
        if let Some(f) = explicit {
            return f;
        }
        match output.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(_) => Format::Table,
            None if output.is_none() && !terminal => Format::Csv,
            None => Format::Table,
        }
    }
}

/// CSV text from rows of fields (header first), `\n` line ends.
pub fn csv_text(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        w.write_record(&row).expect("writing CSV to memory");
    }
    let bytes = w.into_inner().expect("flushing CSV to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}
