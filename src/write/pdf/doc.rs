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
