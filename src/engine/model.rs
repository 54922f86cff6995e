//! The tariff: what the association charges, to whom, and how. A plain data
//! model that the TOML reader fills in and the engine computes from.
//!
//! Maps are `BTreeMap`s so that everything iterates in key order: the order
//! of tables in the tariff file never changes a result.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::code::Code;

/// A whole tariff for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Tariff {
    /// The association (shown in headings).
    pub name: String,
    /// The year the fees are for.
    pub year: i32,
    /// Files the tariff names, as written in it (relative to the tariff).
    pub inputs: InputFiles,
    /// Named indices as fractions (`avtal` = 0.025 for 2,5 %).
    pub indices: BTreeMap<String, Decimal>,
    /// Named groups of municipalities. Their union is the association's
    /// municipalities ("everyone").
    pub groups: BTreeMap<String, Vec<Code>>,
    /// Activities by id: what the notes and invoices are broken down by.
    pub activities: BTreeMap<String, Activity>,
    /// External payers by id (not municipalities).
    pub payers: BTreeMap<String, Payer>,
    /// Charges by id.
    pub charges: BTreeMap<String, Charge>,
    /// One-off lines shown in the notes but never invoiced, in the order written.
    pub adjustments: Vec<Adjustment>,
    /// How `project` rounds indexed values.
    pub projection: Projection,
    /// Who invoices, on what terms, to which accounts.
    pub invoice: InvoiceSettings,
    /// `[letter] text`: what the letters to the members say in the
    /// association's own words, a paragraph each.
    pub letter: Vec<String>,
}

/// The `[invoice]` table: issuer, terms, numbering and accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceSettings {
    pub issuer: Issuer,
    /// Days from the invoice date to the due date.
    pub payment_days: u32,
    /// The invoice date when `--date` is not given.
    pub date: Option<super::date::Date>,
    /// The first number of the issuer's series.
    pub first_number: u64,
    /// The VAT statement printed on every invoice.
    pub vat: String,
    /// Recipients' names and addresses (path relative to the tariff).
    pub recipients: Option<String>,
    /// The receivables account debited (SIE).
    pub receivables: Option<String>,
    /// The bank account payments are debited to (SIE).
    pub bank: Option<String>,
    /// Revenue account credited, per activity id (SIE).
    pub revenue: BTreeMap<String, String>,
    /// How each final document's OCR reference is made.
    pub ocr: super::ident::OcrMethod,
    /// Whether `--final` writes a Peppol BIS Billing 3.0 file beside each PDF.
    pub einvoice: EInvoiceMode,
    /// How `--final --correct N` corrects an invoice.
    pub corrections: CorrectionMode,
    /// Whether the e-invoice carries its PDF (AdditionalDocumentReference).
    pub embed_pdf: bool,
    /// Why lines outside the scope of VAT (category O) carry no VAT.
    pub vat_exemption: String,
    /// Activities whose lines are exempt from VAT (category E), by id.
    pub vat_exempt: Vec<String>,
    /// Why exempt lines carry no VAT.
    pub vat_exempt_reason: String,
}

/// The default `invoice.vat_exemption`: member fees are not a supply of
/// goods or services, so outside the scope of VAT.
pub const VAT_EXEMPTION_DEFAULT: &str =
    "Medlemsavgift: ej föremål för mervärdesskatt (utanför mervärdesskattens tillämpningsområde)";

/// The default `invoice.vat_exempt_reason`.
pub const VAT_EXEMPT_DEFAULT: &str = "Undantagen från skatteplikt enligt mervärdesskattelagen";

impl Default for InvoiceSettings {
    fn default() -> Self {
        InvoiceSettings {
            issuer: Issuer::default(),
            payment_days: 30,
            date: None,
            first_number: 1,
            vat: String::new(),
            recipients: None,
            receivables: None,
            bank: None,
            revenue: BTreeMap::new(),
            ocr: super::ident::OcrMethod::default(),
            einvoice: EInvoiceMode::Off,
            corrections: CorrectionMode::Replace,
            embed_pdf: false,
            vat_exemption: VAT_EXEMPTION_DEFAULT.to_string(),
            vat_exempt: Vec::new(),
            vat_exempt_reason: VAT_EXEMPT_DEFAULT.to_string(),
        }
    }
}

/// Which final documents get a Peppol e-invoice (`invoice.einvoice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EInvoiceMode {
    /// None (`false`).
    #[default]
    Off,
    /// Every recipient (`true`, `"required"`): a run is refused when one
    /// cannot receive one.
    Required,
    /// Each recipient with an electronic address (`"when-possible"`); the
    /// others get the PDF alone.
    WhenPossible,
}

/// How `--final --correct N` corrects invoice N (`invoice.corrections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CorrectionMode {
    /// A credit note of N and a replacement (`"replace"`).
    #[default]
    Replace,
    /// One difference invoice that refers to N (`"difference"`).
    Difference,
}

/// The invoicing organisation. Empty fields are left off the invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issuer {
    pub name: String,
    pub org_nr: String,
    /// Peppol participant id (`0007:2220001234`); without one the
    /// organisation number under scheme 0007.
    pub peppol_id: String,
    /// VAT registration number (`SE222000123401`), written only on
    /// e-invoices whose lines are exempt (E); never on category O.
    pub vat_id: String,
    pub address: Vec<String>,
    pub bankgiro: String,
    pub contact: Vec<String>,
    /// The Ed25519 public key the register is signed with (64 hex digits,
    /// checked); empty for an unsigned register.
    pub public_key: String,
}

/// How projected values are rounded (half away from zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Projection {
    /// Rates per inhabitant; default öre.
    pub rates: Precision,
    /// Fixed amounts, agreements, totals, floors and caps; default whole kronor.
    pub amounts: Precision,
}

impl Default for Projection {
    fn default() -> Self {
        Projection {
            rates: Precision::Ore,
            amounts: Precision::Krona,
        }
    }
}

/// A rounding precision for projected values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Two decimals.
    Ore,
    /// Whole kronor.
    Krona,
    /// Not rounded.
    Exact,
}

impl Precision {
    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "öre" | "ore" => Some(Precision::Ore),
            "krona" | "kronor" => Some(Precision::Krona),
            "exact" => Some(Precision::Exact),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Precision::Ore => "öre",
            Precision::Krona => "krona",
            Precision::Exact => "exact",
        }
    }

    /// Rounds half away from zero to this precision.
    pub fn round(self, d: Decimal) -> Decimal {
        match self {
            Precision::Ore => crate::money::round_dp(d, 2).normalize(),
            Precision::Krona => crate::money::round_kr(d).normalize(),
            Precision::Exact => d.normalize(),
        }
    }
}

/// Paths the tariff names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputFiles {
    /// Population file.
    pub population: Option<String>,
    /// The previous year's actual amounts.
    pub previous_actuals: Option<String>,
}

/// An activity (verksamhet): one note of the annual report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Note number in the annual report.
    pub note: Option<u32>,
    /// Name as the note heads it (`Medlemsavgifter Dataskyddsombud (DSO)`).
    pub name: String,
}

/// A payer that is not a member municipality (a region's board, a hospital).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    /// Name as the note and invoice show it (`HSNK`).
    pub name: String,
}

/// One charge: a rule, who pays it, and where its amounts go.
#[derive(Debug, Clone, PartialEq)]
pub struct Charge {
    /// Descriptive name (`Dataskyddsombud, fast och rörlig avgift`).
    pub name: Option<String>,
    /// The activity the amounts go to, or a split across several.
    pub target: Target,
    /// The municipalities that pay.
    pub participants: Participants,
    /// How each participant's amount is computed.
    pub rule: Rule,
    /// Least one municipality pays.
    pub floor: Option<Decimal>,
    /// Most one municipality pays.
    pub cap: Option<Decimal>,
    /// The named index the charge's amounts follow from year to year.
    pub index: Option<String>,
    /// External payers of this charge, by payer id.
    pub external: BTreeMap<String, External>,
}

/// Where a charge's amounts go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// All to one activity.
    Activity(String),
    /// Split across activities by shares (fractions) that sum to 1.
    Split(BTreeMap<String, Decimal>),
}

/// Who pays a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Participants {
    /// Every municipality in any group.
    Everyone,
    /// The union of these groups and codes.
    Some(Vec<Member>),
}

/// One entry of a participant list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    Group(String),
    Code(Code),
}

/// The rule kinds. Each lives in its own file under `engine/rules/`.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A rate per inhabitant (by group, optionally in tiers), plus an
    /// optional fixed amount per participant.
    PerInhabitant { rates: Rates, fixed: Decimal },
    /// The same fixed amount for every participant.
    Fixed { amount: Decimal },
    /// A total apportioned over the participants by weight.
    Apportion { total: Decimal, weights: Weights },
    /// A fixed amount per municipality, as agreed with each; the
    /// participants are the municipalities listed.
    Agreement { amounts: BTreeMap<Code, Decimal> },
    /// Last year's amount per municipality in an activity times (1 + index).
    Previous { activity: Option<String>, index: String },
}

/// Per-inhabitant rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rates {
    /// One schedule for every participant.
    Uniform(Schedule),
    /// A schedule per group; every participant must be in exactly one.
    ByGroup(BTreeMap<String, Schedule>),
}

/// A rate, flat or in tiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    Flat(Decimal),
    /// Tiers in ascending order; each applies to the inhabitants up to its
    /// `up_to` (the last has none: everything above).
    Tiers(Vec<Tier>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub up_to: Option<u64>,
    pub rate: Decimal,
}

/// Weights of an apportionment: shares (fractions summing to 1) of the
/// bases population, equal parts and a data column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    pub population: Decimal,
    pub equal: Decimal,
    pub data: Decimal,
    /// The data column's values per municipality (only with `data` > 0).
    pub data_values: Option<WeightData>,
}

/// A weight column from a data file (employees, pupils …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightData {
    /// What the column counts, for basis texts (`anställda`).
    pub label: String,
    /// Shared: every charge that names the same file and column holds the
    /// same values, read once.
    pub values: Arc<BTreeMap<Code, Decimal>>,
}

/// What an external payer pays of a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum External {
    /// A fixed amount.
    Amount(Decimal),
    /// A share (fraction) of the municipalities' total of the charge.
    Share(Decimal),
}

/// A line shown in a note but not invoiced: surplus carried between years,
/// internal projects, co-financing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub activity: String,
    pub label: String,
    pub amount: Decimal,
    /// Carried to next year's tariff by `project`.
    pub recurring: bool,
}

impl Tariff {
    /// The association's municipalities: the union of all groups, in code order.
    pub fn municipalities(&self) -> Vec<Code> {
        let mut all: Vec<Code> = self.groups.values().flatten().copied().collect();
        all.sort();
        all.dedup();
        all
    }

    /// The municipalities that pay a charge, in code order. Unknown group
    /// names are skipped here; validation reports them.
    pub fn participants(&self, charge: &Charge) -> Vec<Code> {
        let mut codes = match (&charge.rule, &charge.participants) {
            (Rule::Agreement { amounts }, Participants::Everyone) => amounts.keys().copied().collect(),
            (
                Rule::PerInhabitant {
                    rates: Rates::ByGroup(by),
                    ..
                },
                Participants::Everyone,
            ) => by
                .keys()
                .filter_map(|g| self.groups.get(g))
                .flatten()
                .copied()
                .collect(),
            (_, Participants::Everyone) => self.municipalities(),
            (_, Participants::Some(list)) => list
                .iter()
                .flat_map(|m| match m {
                    Member::Code(c) => vec![*c],
                    Member::Group(g) => self.groups.get(g).cloned().unwrap_or_default(),
                })
                .collect(),
        };
        codes.sort();
        codes.dedup();
        codes
    }

    /// Sort key of an activity: by note number, then id.
    pub fn activity_order(&self, id: &str) -> (u32, String) {
        let note = self.activities.get(id).and_then(|a| a.note).unwrap_or(u32::MAX);
        (note, id.to_string())
    }
}

impl Charge {
    /// The activities the charge's amounts go to, in id order.
    pub fn activities(&self) -> Vec<&str> {
        match &self.target {
            Target::Activity(a) => vec![a.as_str()],
            Target::Split(shares) => shares.keys().map(String::as_str).collect(),
        }
    }
}
