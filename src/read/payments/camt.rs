//! ISO 20022 BankToCustomerDebitCreditNotification (camt.054), as Swedish
//! banks send it for incoming payments: versions `camt.054.001.02` to
//! `camt.054.001.08`, read with quick-xml's streaming reader. Each credit
//! entry (`Ntry` with `CdtDbtInd` `CRDT` and status `BOOK`) becomes a
//! deposit whose payments are its transactions (`NtryDtls/TxDtls`); debit
//! entries and entries not booked are skipped and counted.
//!
//! The paths read, and what is checked, are in `docs/payment-formats.md`.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use rust_decimal::Decimal;

use super::at;
use crate::diag::Diagnostics;
use crate::engine::date::Date;
use crate::engine::payment::{
    Account, AccountKind, BankIds, Deposit, ExtraReference, FileIdentity, Payer, Payment, PaymentFile,
    PaymentFormat, PaymentKind, Place, Reference, Skipped,
};

/// The namespace of camt.054 documents, less the two-digit version.
pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.";

/// The message versions read.
pub const VERSIONS: [&str; 7] = ["02", "03", "04", "05", "06", "07", "08"];

/// Every problem the camt.054 reader reports; [`Problem::message`] is the
/// one place their wording lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotUtf8,
    NotXml { found: String },
    Malformed { why: String },
    DocType,
    UnknownEntity { name: String },
    WrongMessage { root: String, namespace: String },
    Version { found: String },
    Missing { element: &'static str },
    BadAmount { element: &'static str, found: String },
    NotOre { element: &'static str, found: String },
    TooLarge { element: &'static str, found: String },
    NotSek { element: &'static str, found: String },
    BadDate { element: &'static str, found: String },
    BadIndicator { element: &'static str, found: String },
    BatchCount { stated: String, found: usize },
    BatchTotal { stated: Decimal, found: Decimal },
    EntryTotal { stated: Decimal, found: Decimal },
    NoTransactionAmount,
    Control { element: &'static str, why: String },
}

impl Problem {
    pub fn message(&self) -> String {
        match self {
            Problem::NotUtf8 => "not UTF-8: a camt.054 file is XML in UTF-8".to_string(),
            Problem::NotXml { found } => format!(
                "expected an XML document (camt.054), found text starting {found:?}"
            ),
            Problem::Malformed { why } => format!("not well-formed XML: {why}"),
            Problem::DocType => {
                "a DOCTYPE declaration: a camt.054 file has none, and none is read".to_string()
            }
            Problem::UnknownEntity { name } => format!(
                "unknown entity &{name};: XML's own entities (&amp; &lt; &gt; &quot; &apos;) and character references only"
            ),
            Problem::WrongMessage { root, namespace } => format!(
                "expected a camt.054 notification (Document in namespace {NAMESPACE}NN), found {root} in {}",
                if namespace.is_empty() {
                    "no namespace".to_string()
                } else {
                    format!("namespace {namespace}")
                }
            ),
            Problem::Version { found } => format!(
                "camt.054 version {found} is not read: expected one of {}",
                VERSIONS
                    .iter()
                    .map(|v| format!("camt.054.001.{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Problem::Missing { element } => format!("expected {element}, found none"),
            Problem::BadAmount { element, found } => {
                format!("{element}: expected an amount such as 1234.50, found {found:?}")
            }
            Problem::NotOre { element, found } => {
                format!("{element}: expected kronor with at most two decimals (öre), found {found}")
            }
            Problem::TooLarge { element, found } => format!(
                "{element}: the amount {found} is beyond any payment (at most {} kronor)",
                crate::engine::validate::MAX_AMOUNT
            ),
            Problem::NotSek { element, found } => format!(
                "{element}: currency {found:?}, only SEK is accepted (the invoices are in SEK); ask the bank for the SEK account's notifications"
            ),
            Problem::BadDate { element, found } => {
                format!("{element}: expected a date such as 2024-01-15, found {found:?}")
            }
            Problem::BadIndicator { element, found } => {
                format!("{element}: expected CRDT or DBIT, found {found:?}")
            }
            Problem::BatchCount { stated, found } => format!(
                "the batch counts {stated} transactions (NbOfTxs), found {found} transaction details (TxDtls)"
            ),
            Problem::BatchTotal { stated, found } => format!(
                "the batch total {stated} (TtlAmt) differs from its transactions' sum {found}"
            ),
            Problem::EntryTotal { stated, found } => format!(
                "the entry amount {stated} differs from its transactions' sum {found}"
            ),
            Problem::NoTransactionAmount => {
                "a transaction without an amount in an entry of several transactions".to_string()
            }
            Problem::Control { element, why } => format!("{element}: found {why}"),
        }
    }
}

/// A text as read, with where its element starts.
#[derive(Debug, Clone, Default)]
struct Text {
    value: String,
    place: Place,
}

/// An amount as read: its text, currency attribute and place.
#[derive(Debug, Clone, Default)]
struct RawAmount {
    value: String,
    currency: Option<String>,
    place: Place,
}

#[derive(Debug, Default)]
struct RawAccount {
    iban: Option<Text>,
    other: Option<Text>,
    scheme: Option<String>,
    currency: Option<Text>,
}

#[derive(Debug, Default)]
struct RawNotification {
    id: Option<Text>,
    place: Place,
    account: RawAccount,
    entries: Vec<RawEntry>,
}

#[derive(Debug, Default)]
struct RawEntry {
    place: Place,
    amount: Option<RawAmount>,
    indicator: Option<Text>,
    status: Option<Text>,
    booking: Option<Text>,
    value: Option<Text>,
    entry_ref: Option<Text>,
    servicer_ref: Option<Text>,
    info: Vec<Text>,
    details: Vec<RawDetails>,
}

#[derive(Debug, Default)]
struct RawDetails {
    batch_count: Option<Text>,
    batch_total: Option<RawAmount>,
    batch_indicator: Option<Text>,
    txs: Vec<RawTx>,
}

#[derive(Debug, Default)]
struct RawTx {
    place: Place,
    amount: Option<RawAmount>,
    tx_amount: Option<RawAmount>,
    indicator: Option<Text>,
    servicer_ref: Option<Text>,
    end_to_end: Option<Text>,
    tx_id: Option<Text>,
    debtor_name: Option<Text>,
    debtor_id: Option<Text>,
    address_lines: Vec<Text>,
    street: Option<Text>,
    building: Option<Text>,
    postcode: Option<Text>,
    town: Option<Text>,
    country: Option<Text>,
    debtor_account: RawAccount,
    structured: Vec<Text>,
    unstructured: Vec<Text>,
    additional: Vec<Text>,
}

/// An element being read.
struct Open {
    name: String,
    /// Whether it is in the document's namespace (elements of another, as
    /// inside `SplmtryData`, match no path).
    ours: bool,
    text: String,
    currency: Option<String>,
    place: Place,
}

/// The 1-based line and column of byte offsets in a text.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn place(&self, offset: u64) -> Place {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Place {
            line,
            column: Some(column),
        }
    }
}

/// Reads a camt.054 notification. `path` names it in problems.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PaymentFile, Diagnostics> {
    let fail = |place: Place, p: Problem| -> Diagnostics { at(path, place, p.message()).into() };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            return Err(fail(Lines::new(good).place(good.len() as u64), Problem::NotUtf8));
        }
    };
    let lines = Lines::new(text);
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('<') {
        let found: String = text[start..].chars().take(20).collect();
        return Err(fail(lines.place(start as u64), Problem::NotXml { found }));
    }
    let parsed = parse(text, &lines).map_err(|(place, p)| fail(place, p))?;
    convert(path, parsed)
}

/// What the document holds, before it is checked.
#[derive(Default)]
struct Parsed {
    version: String,
    message_id: Option<Text>,
    created: Option<Text>,
    notifications: Vec<RawNotification>,
}

/// Walks the document: the first problem that stops reading is returned.
fn parse(text: &str, lines: &Lines) -> Result<Parsed, (Place, Problem)> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut parsed = Parsed::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut namespace = String::new();
    // The depth of the open notification, entry, entry details and
    // transaction, when one is open.
    let (mut ntfctn, mut ntry, mut dtls, mut tx): (
        Option<usize>,
        Option<usize>,
        Option<usize>,
        Option<usize>,
    ) = (None, None, None, None);
    let (mut n_cur, mut e_cur, mut d_cur, mut t_cur) = (
        RawNotification::default(),
        RawEntry::default(),
        RawDetails::default(),
        RawTx::default(),
    );
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_resolved_event();
        let malformed =
            |e: quick_xml::Error, at: u64| (lines.place(at), Problem::Malformed { why: e.to_string() });
        let (ns, event) = match event {
            Ok(ok) => ok,
            Err(e) => return Err(malformed(e, reader.error_position())),
        };
        let place = lines.place(offset);
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let element_ns = match ns {
                    ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
                    _ => String::new(),
                };
                if stack.is_empty() {
                    if !parsed.version.is_empty() {
                        return Err((
                            place,
                            Problem::Malformed {
                                why: "a second root element".to_string(),
                            },
                        ));
                    }
                    let version = element_ns.strip_prefix(NAMESPACE).unwrap_or("");
                    if name != "Document"
                        || !version.bytes().all(|b| b.is_ascii_digit())
                        || version.len() != 2
                    {
                        return Err((
                            place,
                            Problem::WrongMessage {
                                root: name,
                                namespace: element_ns,
                            },
                        ));
                    }
                    if !VERSIONS.contains(&version) {
                        return Err((
                            place,
                            Problem::Version {
                                found: version.to_string(),
                            },
                        ));
                    }
                    parsed.version = version.to_string();
                    namespace = element_ns.clone();
                }
                let ours = element_ns == namespace && stack.iter().all(|o| o.ours);
                let currency = e
                    .try_get_attribute("Ccy")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                stack.push(Open {
                    name,
                    ours,
                    text: String::new(),
                    currency,
                    place,
                });
                let depth = stack.len() - 1;
                let names: Vec<&str> = stack.iter().map(|o| o.name.as_str()).collect();
                if ours {
                    match names.as_slice() {
                        ["Document", "BkToCstmrDbtCdtNtfctn", "Ntfctn"] => {
                            ntfctn = Some(depth);
                            n_cur = RawNotification {
                                place,
                                ..RawNotification::default()
                            };
                        }
                        [.., "Ntfctn", "Ntry"] if ntfctn == Some(depth - 1) => {
                            ntry = Some(depth);
                            e_cur = RawEntry {
                                place,
                                ..RawEntry::default()
                            };
                        }
                        [.., "Ntry", "NtryDtls"] if ntry == Some(depth - 1) => {
                            dtls = Some(depth);
                            d_cur = RawDetails::default();
                        }
                        [.., "NtryDtls", "TxDtls"] if dtls == Some(depth - 1) => {
                            tx = Some(depth);
                            t_cur = RawTx {
                                place,
                                ..RawTx::default()
                            };
                        }
                        _ => {}
                    }
                }
            }
            Event::Text(t) => {
                if let Some(open) = stack.last_mut() {
                    let s = t.xml_content().map_err(|e| malformed(e.into(), offset))?;
                    open.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(open) = stack.last_mut() {
                    let s = t.decode().map_err(|e| malformed(e.into(), offset))?;
                    open.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| malformed(e.into(), offset))?.into_owned();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string),
                    Err(e) => return Err(malformed(e, offset)),
                };
                let Some(resolved) = resolved else {
                    return Err((place, Problem::UnknownEntity { name }));
                };
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&resolved);
                }
            }
            Event::DocType(_) => return Err((place, Problem::DocType)),
            Event::End(_) => {
                // quick-xml refuses an end tag without its start; no depth then.
                let Some(depth) = stack.len().checked_sub(1) else {
                    continue;
                };
                let names: Vec<&str> = stack.iter().map(|o| o.name.as_str()).collect();
                let ours = stack.last().is_some_and(|o| o.ours);
                if ours {
                    let open = stack
                        .last()
                        .map(|o| (o.text.as_str(), o.currency.clone(), o.place));
                    let (raw, currency, at) = open.unwrap_or(("", None, place));
                    let text = Text {
                        value: raw.trim().to_string(),
                        place: at,
                    };
                    let amount = || RawAmount {
                        value: raw.trim().to_string(),
                        currency: currency.clone(),
                        place: at,
                    };
                    let within = |d: Option<usize>| d.filter(|&d| d < depth).map(|d| &names[d + 1..]);
                    if let Some(rel) = within(tx) {
                        tx_text(&mut t_cur, rel, text, amount);
                    } else if let Some(rel) = within(dtls) {
                        match rel {
                            ["Btch", "NbOfTxs"] => d_cur.batch_count = Some(text),
                            ["Btch", "TtlAmt"] => d_cur.batch_total = Some(amount()),
                            ["Btch", "CdtDbtInd"] => d_cur.batch_indicator = Some(text),
                            _ => {}
                        }
                    } else if let Some(rel) = within(ntry) {
                        entry_text(&mut e_cur, rel, text, amount);
                    } else if let Some(rel) = within(ntfctn) {
                        match rel {
                            ["Id"] => n_cur.id = Some(text),
                            ["Acct", rest @ ..] => account_text(&mut n_cur.account, rest, text),
                            _ => {}
                        }
                    } else {
                        match names.as_slice() {
                            ["Document", "BkToCstmrDbtCdtNtfctn", "GrpHdr", "MsgId"] => {
                                parsed.message_id = Some(text)
                            }
                            ["Document", "BkToCstmrDbtCdtNtfctn", "GrpHdr", "CreDtTm"] => {
                                parsed.created = Some(text)
                            }
                            _ => {}
                        }
                    }
                    if tx == Some(depth) {
                        tx = None;
                        d_cur.txs.push(std::mem::take(&mut t_cur));
                    } else if dtls == Some(depth) {
                        dtls = None;
                        e_cur.details.push(std::mem::take(&mut d_cur));
                    } else if ntry == Some(depth) {
                        ntry = None;
                        n_cur.entries.push(std::mem::take(&mut e_cur));
                    } else if ntfctn == Some(depth) {
                        ntfctn = None;
                        parsed.notifications.push(std::mem::take(&mut n_cur));
                    }
                }
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if parsed.version.is_empty() {
        return Err((
            lines.place(text.len() as u64),
            Problem::Malformed {
                why: "no root element".to_string(),
            },
        ));
    }
    Ok(parsed)
}

/// A text inside an entry (`Ntry`), outside its details.
fn entry_text(e: &mut RawEntry, rel: &[&str], text: Text, amount: impl Fn() -> RawAmount) {
    match rel {
        ["Amt"] => e.amount = Some(amount()),
        ["CdtDbtInd"] => e.indicator = Some(text),
        // camt.054.001.02 to .07 give the code itself; .08 a choice of `Cd` or `Prtry`.
        ["Sts"] | ["Sts", "Cd" | "Prtry"] if !text.value.is_empty() => e.status = Some(text),
        ["BookgDt", "Dt" | "DtTm"] => e.booking = Some(text),
        ["ValDt", "Dt" | "DtTm"] => e.value = Some(text),
        ["NtryRef"] => e.entry_ref = Some(text),
        ["AcctSvcrRef"] => e.servicer_ref = Some(text),
        ["AddtlNtryInf"] => e.info.push(text),
        _ => {}
    }
}

/// A text inside a transaction (`TxDtls`).
fn tx_text(t: &mut RawTx, rel: &[&str], text: Text, amount: impl Fn() -> RawAmount) {
    match rel {
        ["Amt"] => t.amount = Some(amount()),
        ["AmtDtls", "TxAmt", "Amt"] => t.tx_amount = Some(amount()),
        ["CdtDbtInd"] => t.indicator = Some(text),
        ["Refs", "AcctSvcrRef"] => t.servicer_ref = Some(text),
        ["Refs", "EndToEndId"] => t.end_to_end = Some(text),
        ["Refs", "TxId"] => t.tx_id = Some(text),
        ["RltdPties", "DbtrAcct", rest @ ..] => account_text(&mut t.debtor_account, rest, text),
        ["RmtInf", "Ustrd"] => t.unstructured.push(text),
        ["RmtInf", "Strd", "CdtrRefInf", "Ref"] => t.structured.push(text),
        ["RmtInf", "Strd", "AddtlRmtInf"] => t.additional.push(text),
        // camt.054.001.02 names the debtor `Dbtr`; from .08 on it is a
        // choice whose party is `Dbtr/Pty`.
        ["RltdPties", "Dbtr", "Pty", rest @ ..] | ["RltdPties", "Dbtr", rest @ ..] => match rest {
            ["Nm"] => t.debtor_name = Some(text),
            ["Id", "OrgId" | "PrvtId", "Othr", "Id"] if t.debtor_id.is_none() => t.debtor_id = Some(text),
            ["PstlAdr", "AdrLine"] => t.address_lines.push(text),
            ["PstlAdr", "StrtNm"] => t.street = Some(text),
            ["PstlAdr", "BldgNb"] => t.building = Some(text),
            ["PstlAdr", "PstCd"] => t.postcode = Some(text),
            ["PstlAdr", "TwnNm"] => t.town = Some(text),
            ["PstlAdr", "Ctry"] => t.country = Some(text),
            _ => {}
        },
        _ => {}
    }
}

/// A text inside an account (`Acct`, `DbtrAcct`).
fn account_text(a: &mut RawAccount, rel: &[&str], text: Text) {
    match rel {
        ["Id", "IBAN"] => a.iban = Some(text),
        ["Id", "Othr", "Id"] => a.other = Some(text),
        ["Id", "Othr", "SchmeNm", "Cd" | "Prtry"] => a.scheme = Some(text.value),
        ["Ccy"] => a.currency = Some(text),
        _ => {}
    }
}

/// Checks what was read and makes the payment file.
fn convert(path: &Path, parsed: Parsed) -> Result<PaymentFile, Diagnostics> {
    let mut c = Checker {
        path,
        problems: Diagnostics::new(),
    };
    let root = Place::line(1);
    let message_id = c.required(parsed.message_id.as_ref(), "GrpHdr/MsgId", root);
    if parsed.notifications.is_empty() {
        c.problem(root, Problem::Missing { element: "Ntfctn" });
    }
    let mut accounts = Vec::new();
    let mut notification_ids = Vec::new();
    let mut deposits = Vec::new();
    let mut skipped = Skipped::default();
    for n in &parsed.notifications {
        if let Some(id) = c.required(n.id.as_ref(), "Ntfctn/Id", n.place) {
            notification_ids.push(id);
        }
        let account = c.account(&n.account, "Ntfctn/Acct", n.place);
        if let Some(ccy) = &n.account.currency {
            c.sek(ccy.value.as_str(), "Ntfctn/Acct/Ccy", ccy.place);
        }
        accounts.extend(account.clone());
        for e in &n.entries {
            if let Some(deposit) = c.entry(e, account.as_ref(), &mut skipped) {
                deposits.push(deposit);
            }
        }
    }
    accounts.sort();
    accounts.dedup();
    let Checker { problems, .. } = c;
    problems.into_result(PaymentFile {
        format: PaymentFormat::Camt054 {
            version: parsed.version,
        },
        identity: FileIdentity::Camt054 {
            message_id: message_id.unwrap_or_default(),
            notification_ids,
        },
        accounts,
        currency: "SEK".to_string(),
        created: parsed.created.map(|t| t.value),
        test: false,
        deposits,
        skipped,
    })
}

struct Checker<'p> {
    path: &'p Path,
    problems: Diagnostics,
}

impl Checker<'_> {
    fn problem(&mut self, place: Place, p: Problem) {
        self.problems.push(at(self.path, place, p.message()));
    }

    /// A required text, or a problem at `place`.
    fn required(&mut self, t: Option<&Text>, element: &'static str, place: Place) -> Option<String> {
        match t.filter(|t| !t.value.is_empty()) {
            Some(t) => self.plain(t, element),
            None => {
                self.problem(place, Problem::Missing { element });
                None
            }
        }
    }

    /// A text as one line of plain text: whitespace runs (line breaks
    /// included) become one space; another control character is a problem.
    fn plain(&mut self, t: &Text, element: &'static str) -> Option<String> {
        let value = t.value.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(why) = crate::read::text::control_character(&value) {
            self.problem(t.place, Problem::Control { element, why });
            return None;
        }
        (!value.is_empty()).then_some(value)
    }

    fn optional(&mut self, t: Option<&Text>, element: &'static str) -> Option<String> {
        t.and_then(|t| self.plain(t, element))
    }

    fn sek(&mut self, currency: &str, element: &'static str, place: Place) -> bool {
        if currency == "SEK" {
            return true;
        }
        self.problem(
            place,
            Problem::NotSek {
                element,
                found: currency.to_string(),
            },
        );
        false
    }

    /// An amount in SEK, at most two decimals.
    fn amount(&mut self, a: &RawAmount, element: &'static str) -> Option<Decimal> {
        let currency = a.currency.as_deref().unwrap_or("");
        let sek = self.sek(currency, element, a.place);
        let v = a.value.as_str();
        let (whole, fraction) = v.split_once('.').unwrap_or((v, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let number = !whole.is_empty() && digits(whole) && digits(fraction) && !v.ends_with('.');
        let amount = number.then(|| Decimal::from_str_exact(v).ok()).flatten();
        let Some(mut amount) = amount else {
            self.problem(
                a.place,
                Problem::BadAmount {
                    element,
                    found: v.to_string(),
                },
            );
            return None;
        };
        if amount.normalize().scale() > 2 {
            self.problem(
                a.place,
                Problem::NotOre {
                    element,
                    found: v.to_string(),
                },
            );
            return None;
        }
        if amount > crate::engine::validate::MAX_AMOUNT {
            self.problem(
                a.place,
                Problem::TooLarge {
                    element,
                    found: v.to_string(),
                },
            );
            return None;
        }
        amount.rescale(2);
        sek.then_some(amount)
    }

    fn date(&mut self, t: &Text, element: &'static str) -> Option<Date> {
        let date = t.value.get(..10).and_then(|d| d.parse::<Date>().ok());
        let rest_ok = t.value.len() == 10 || t.value.as_bytes().get(10) == Some(&b'T');
        match date {
            Some(d) if rest_ok => Some(d),
            _ => {
                self.problem(
                    t.place,
                    Problem::BadDate {
                        element,
                        found: t.value.clone(),
                    },
                );
                None
            }
        }
    }

    /// `CRDT` (true) or `DBIT` (false).
    fn credit(&mut self, t: &Text, element: &'static str) -> Option<bool> {
        match t.value.as_str() {
            "CRDT" => Some(true),
            "DBIT" => Some(false),
            other => {
                self.problem(
                    t.place,
                    Problem::BadIndicator {
                        element,
                        found: other.to_string(),
                    },
                );
                None
            }
        }
    }

    /// An account's IBAN or other id with its scheme.
    fn account(&mut self, a: &RawAccount, element: &'static str, place: Place) -> Option<Account> {
        if let Some(iban) = &a.iban {
            return self.plain(iban, element).map(|id| Account {
                kind: AccountKind::Iban,
                id,
            });
        }
        let Some(other) = &a.other else {
            if element == "Ntfctn/Acct" {
                self.problem(
                    place,
                    Problem::Missing {
                        element: "Ntfctn/Acct/Id",
                    },
                );
            }
            return None;
        };
        let id = self.plain(other, element)?;
        let kind = match a.scheme.as_deref() {
            Some("BGNR") => AccountKind::Bankgiro,
            Some("PGNR") => AccountKind::Plusgiro,
            Some("BBAN") | None => AccountKind::BankAccount,
            Some(other) => AccountKind::Other(other.to_string()),
        };
        Some(Account { kind, id })
    }

    /// One entry: a deposit, or `None` when it is skipped or has problems.
    fn entry(&mut self, e: &RawEntry, account: Option<&Account>, skipped: &mut Skipped) -> Option<Deposit> {
        let amount = match &e.amount {
            Some(a) => self.amount(a, "Ntry/Amt"),
            None => {
                self.problem(e.place, Problem::Missing { element: "Ntry/Amt" });
                None
            }
        };
        let credit = match &e.indicator {
            Some(t) => self.credit(t, "Ntry/CdtDbtInd"),
            None => {
                self.problem(
                    e.place,
                    Problem::Missing {
                        element: "Ntry/CdtDbtInd",
                    },
                );
                None
            }
        };
        if credit == Some(false) {
            skipped.debits += 1;
            return None;
        }
        let Some(status) = &e.status else {
            self.problem(e.place, Problem::Missing { element: "Ntry/Sts" });
            return None;
        };
        if status.value != "BOOK" {
            skipped.not_booked += 1;
            return None;
        }
        let booking = match &e.booking {
            Some(t) => self.date(t, "Ntry/BookgDt"),
            None => {
                self.problem(
                    e.place,
                    Problem::Missing {
                        element: "Ntry/BookgDt",
                    },
                );
                None
            }
        };
        let value_date = e.value.as_ref().and_then(|t| self.date(t, "Ntry/ValDt"));
        let entry_ref = self.optional(e.entry_ref.as_ref(), "Ntry/NtryRef");
        let servicer_ref = self.optional(e.servicer_ref.as_ref(), "Ntry/AcctSvcrRef");
        let info: Vec<String> = e
            .info
            .iter()
            .filter_map(|t| self.plain(t, "Ntry/AddtlNtryInf"))
            .collect();
        let before = self.problems.len();
        let txs: Vec<&RawTx> = e.details.iter().flat_map(|d| d.txs.iter()).collect();
        let several = txs.len() > 1;
        // The one transaction of an entry may leave its amount to the entry.
        let fallback = if several { None } else { amount };
        let mut payments = Vec::new();
        let mut sums_known = true;
        for d in &e.details {
            let mut batch_sum = Decimal::ZERO;
            for t in &d.txs {
                match self.transaction(t, several, fallback) {
                    Some(p) => {
                        batch_sum += p.amount;
                        payments.push(p);
                    }
                    None => sums_known = false,
                }
            }
            if let Some(count) = &d.batch_count {
                if count.value.parse::<usize>().ok() != Some(d.txs.len()) {
                    self.problem(
                        count.place,
                        Problem::BatchCount {
                            stated: count.value.clone(),
                            found: d.txs.len(),
                        },
                    );
                }
            }
            let batch_credit = d
                .batch_indicator
                .as_ref()
                .and_then(|t| self.credit(t, "Btch/CdtDbtInd"))
                .unwrap_or(true);
            if let Some(total) = &d.batch_total {
                let stated = self.amount(total, "Btch/TtlAmt");
                let found = if batch_credit { batch_sum } else { -batch_sum };
                if let (Some(stated), true) = (stated, sums_known) {
                    if stated != found {
                        self.problem(total.place, Problem::BatchTotal { stated, found });
                    }
                }
            }
        }
        let (Some(amount), Some(date)) = (amount, booking) else {
            return None;
        };
        if txs.is_empty() {
            // An entry without transaction details is one payment.
            payments.push(Payment {
                kind: PaymentKind::Payment,
                date,
                value_date,
                amount,
                reference: Reference::default(),
                extra_references: Vec::new(),
                information: info.clone(),
                payer: Payer::default(),
                bank_ids: BankIds {
                    serial: servicer_ref.clone(),
                    ..BankIds::default()
                },
                bgmax: None,
                place: e.place,
            });
        } else if sums_known {
            let found: Decimal = payments.iter().map(|p| p.amount).sum();
            if found != amount {
                let place = e.amount.as_ref().map_or(e.place, |a| a.place);
                self.problem(
                    place,
                    Problem::EntryTotal {
                        stated: amount,
                        found,
                    },
                );
            }
        }
        if self.problems.len() != before {
            return None;
        }
        for p in &mut payments {
            p.date = date;
            p.value_date = value_date;
            if p.bank_ids.serial.is_none() {
                p.bank_ids.serial = servicer_ref.clone();
            }
        }
        Some(Deposit {
            account: account.cloned(),
            bank_account: None,
            date: Some(date),
            serial: servicer_ref.or(entry_ref),
            total: amount,
            payments,
            place: e.place,
        })
    }

    /// One transaction as a payment (its date is the entry's, set later).
    /// A transaction without an amount has the entry's (`fallback`) when it
    /// is the only one; in an entry of several it is a problem.
    fn transaction(&mut self, t: &RawTx, several: bool, fallback: Option<Decimal>) -> Option<Payment> {
        let raw = t.amount.as_ref().or(t.tx_amount.as_ref());
        let amount = match raw {
            Some(a) => self.amount(a, "TxDtls/Amt")?,
            None if several => {
                self.problem(t.place, Problem::NoTransactionAmount);
                return None;
            }
            None => fallback?,
        };
        let credit = match &t.indicator {
            Some(i) => self.credit(i, "TxDtls/CdtDbtInd")?,
            None => true,
        };
        let mut structured = Vec::new();
        for s in &t.structured {
            structured.extend(self.plain(s, "RmtInf/Strd/CdtrRefInf/Ref").map(|v| (v, s.place)));
        }
        let mut unstructured: Vec<String> = Vec::new();
        for u in &t.unstructured {
            unstructured.extend(self.plain(u, "RmtInf/Ustrd"));
        }
        let mut information = Vec::new();
        let reference = if let Some((first, _)) = structured.first() {
            information.append(&mut unstructured);
            Reference::new(first.clone(), true)
        } else if !unstructured.is_empty() {
            let first = unstructured.remove(0);
            information.append(&mut unstructured);
            Reference::new(first, false)
        } else {
            Reference::default()
        };
        for a in &t.additional {
            information.extend(self.plain(a, "RmtInf/Strd/AddtlRmtInf"));
        }
        let extra_references = structured
            .iter()
            .skip(1)
            .map(|(v, place)| ExtraReference {
                reference: Reference::new(v.clone(), true),
                amount: None,
                place: *place,
            })
            .collect();
        let address = if t.address_lines.is_empty() {
            let street = self.optional(t.street.as_ref(), "Dbtr/PstlAdr/StrtNm");
            let building = self.optional(t.building.as_ref(), "Dbtr/PstlAdr/BldgNb");
            match (street, building) {
                (Some(s), Some(b)) => Some(format!("{s} {b}")),
                (s, b) => s.or(b),
            }
        } else {
            let lines: Vec<String> = t
                .address_lines
                .iter()
                .filter_map(|l| self.plain(l, "Dbtr/PstlAdr/AdrLine"))
                .collect();
            (!lines.is_empty()).then(|| lines.join(", "))
        };
        let payer = Payer {
            name: self.optional(t.debtor_name.as_ref(), "Dbtr/Nm"),
            extra_name: None,
            address,
            postcode: self.optional(t.postcode.as_ref(), "Dbtr/PstlAdr/PstCd"),
            town: self.optional(t.town.as_ref(), "Dbtr/PstlAdr/TwnNm"),
            country: None,
            country_code: self.optional(t.country.as_ref(), "Dbtr/PstlAdr/Ctry"),
            org_nr: self.optional(t.debtor_id.as_ref(), "Dbtr/Id"),
            account: self.account(&t.debtor_account, "RltdPties/DbtrAcct", t.place),
        };
        let end_to_end = self
            .optional(t.end_to_end.as_ref(), "Refs/EndToEndId")
            .filter(|id| id != "NOTPROVIDED");
        Some(Payment {
            kind: if credit {
                PaymentKind::Payment
            } else {
                PaymentKind::Deduction
            },
            date: Date {
                year: 1,
                month: 1,
                day: 1,
            },
            value_date: None,
            amount: if credit { amount } else { -amount },
            reference,
            extra_references,
            information,
            payer,
            bank_ids: BankIds {
                serial: self.optional(t.servicer_ref.as_ref(), "Refs/AcctSvcrRef"),
                end_to_end_id: end_to_end,
                transaction_id: self.optional(t.tx_id.as_ref(), "Refs/TxId"),
            },
            bgmax: None,
            place: t.place,
        })
    }
}
