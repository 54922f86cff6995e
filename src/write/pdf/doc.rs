//! What one invoice shows, every figure already formatted in Swedish.

/// The issuer or the recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub org_nr: String,
    pub address: Vec<String>,
    pub bankgiro: String,
    pub contact: Vec<String>,
}

/// One line of an invoice: an activity, how its amount was computed, the amount.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceLine {
    pub activity: String,
    pub basis: String,
    /// Already formatted in Swedish, e.g. "880 014 kr".
    pub amount: String,
}

/// Everything one invoice shows, every figure already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceDoc {
    /// "Faktura" or "Kreditfaktura".
    pub kind: String,
    /// true: big "UTKAST" marking, no number.
    pub draft: bool,
    /// Fakturanummer (None for drafts).
    pub number: Option<String>,
    pub issuer: Party,
    pub recipient: Party,
    /// "2024-01-15".
    pub invoice_date: String,
    /// Förfallodatum; empty for none (a credit note).
    pub due_date: String,
    /// e.g. "Kreditering av faktura 1001" or "Delbetalning 2 av 4".
    pub reference_note: Option<String>,
    pub lines: Vec<InvoiceLine>,
    /// "Summa att betala" value, formatted "20 258 212 kr".
    pub total: String,
    /// The total's label: "Summa att betala" when empty; a credit note's
    /// "Att återfå" or "Avräknas".
    pub total_label: String,
    /// Payment instruction lines (bankgiro, "Ange fakturanummer 1001 som referens").
    pub payment: Vec<String>,
    /// The payment box: (label, value) pairs such as ("Bankgiro",
    /// "5050-1055"), ("OCR-nummer", "202300083"), ("Att betala", "880 014 kr"),
    /// ("Förfallodatum", "2023-02-15"); empty for none.
    pub payment_box: Vec<(String, String)>,
    /// From the tariff.
    pub vat_statement: String,
    /// Tool version and SHA-256 of the inputs.
    pub footer: String,
    /// How hard the streams are deflated, 1–9; 0 for 9, the most (what
    /// every document was made with before a level could be given).
    pub deflate_level: u8,
}

/// A table of a letter: a first column of labels, then figures; its foot
/// in bold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterTable {
    pub title: String,
    /// Every column's head, the label column's first.
    pub heads: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub foot: Vec<Vec<String>>,
}

/// One bar of a letter's chart: its label under it, its value over it,
/// and its height as a share of the tallest bar's (0 to 1), which becomes
/// a length on the page only there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: String,
    pub height: rust_decimal::Decimal,
    /// The year the letter is about (drawn darker).
    pub main: bool,
}

/// A part of a letter under its heading: paragraphs, or lines each led by
/// a dash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

/// Everything one letter shows, every figure already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterDoc {
    pub issuer: Party,
    /// The municipality or payer: its name and what identifies it.
    pub recipient: Party,
    /// "Medlemsavgift 2025 och plan 2026–2027".
    pub heading: String,
    /// The plan or tariff and the scenario the figures are from.
    pub lead: Vec<String>,
    /// What-if lines, shown in a marked box; empty for none.
    pub whatif: Vec<String>,
    /// The plan's or tariff's own text (the board's decision …).
    pub text: Vec<String>,
    /// The change in one sentence.
    pub summary: String,
    /// Per activity, a column per year, the change.
    pub fees: LetterTable,
    /// The party's total per year.
    pub chart_title: String,
    pub chart: Vec<Bar>,
    /// The change per activity explained.
    pub explained: Vec<Section>,
    /// The basis of each fee, as on the invoices.
    pub basis_title: String,
    pub basis: Vec<InvoiceLine>,
    /// The association's three totals per year.
    pub association: LetterTable,
    /// "Medlemsavgift 2024 – Borås": continuation pages' header.
    pub short_title: String,
    /// Tool version and SHA-256 of the inputs.
    pub footer: String,
}
