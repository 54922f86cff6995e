//! The walk over the XML: the first problem that stops reading is
//! returned; what is found goes into the raw structures.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::problem::Problem;
use super::raw::*;
pub use super::raw::{NAMESPACE, VERSIONS};
use crate::engine::payment::Place;

/// What the document holds, before it is checked.
#[derive(Default)]
pub(super) struct Parsed {
    pub(super) version: String,
    pub(super) message_id: Option<Text>,
    pub(super) created: Option<Text>,
    pub(super) notifications: Vec<RawNotification>,
}

/// Walks the document: the first problem that stops reading is returned.
pub(super) fn parse(text: &str, lines: &Lines) -> Result<Parsed, (Place, Problem)> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut walk = Walk::default();
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
                let currency = e
                    .try_get_attribute("Ccy")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                walk.start(name, element_ns, currency, place)?;
            }
            Event::Text(t) if walk.within_an_element() => {
                let s = t.xml_content().map_err(|e| malformed(e.into(), offset))?;
                walk.text(&s);
            }
            Event::CData(t) if walk.within_an_element() => {
                let s = t.decode().map_err(|e| malformed(e.into(), offset))?;
                walk.text(&s);
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
                walk.text(&resolved);
            }
            Event::DocType(_) => return Err((place, Problem::DocType)),
            Event::End(_) => walk.end(place),
            Event::Eof => break,
            _ => {}
        }
    }
    if walk.parsed.version.is_empty() {
        return Err((lines.place(text.len() as u64), Problem::NoRoot));
    }
    Ok(walk.parsed)
}

/// The state of the walk: the elements open, and the notification, entry,
/// entry details and transaction being filled.
#[derive(Default)]
struct Walk {
    parsed: Parsed,
    stack: Vec<Open>,
    /// The document's namespace, from its root element.
    namespace: String,
    // The depth of the open notification, entry, entry details and
    // transaction, when one is open.
    ntfctn: Option<usize>,
    ntry: Option<usize>,
    dtls: Option<usize>,
    tx: Option<usize>,
    n_cur: RawNotification,
    e_cur: RawEntry,
    d_cur: RawDetails,
    t_cur: RawTx,
}

impl Walk {
    /// Whether an element is open, which text goes into.
    fn within_an_element(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Text of the innermost open element.
    fn text(&mut self, s: &str) {
        if let Some(open) = self.stack.last_mut() {
            open.text.push_str(s);
        }
    }

    /// An element starts: the root is checked; a notification, entry,
    /// entry details or transaction opens one to fill.
    fn start(
        &mut self,
        name: String,
        element_ns: String,
        currency: Option<String>,
        place: Place,
    ) -> Result<(), (Place, Problem)> {
        if self.stack.is_empty() {
            self.root(&name, &element_ns, place)?;
        }
        let ours = element_ns == self.namespace && self.stack.iter().all(|o| o.ours);
        self.stack.push(Open {
            name,
            ours,
            text: String::new(),
            currency,
            place,
        });
        if ours {
            self.open(place);
        }
        Ok(())
    }

    /// The root element: a camt.054 `Document` of a version read, and only one.
    fn root(&mut self, name: &str, element_ns: &str, place: Place) -> Result<(), (Place, Problem)> {
        if !self.parsed.version.is_empty() {
            return Err((place, Problem::SecondRoot));
        }
        let version = element_ns.strip_prefix(NAMESPACE).unwrap_or("");
        if name != "Document" || !version.bytes().all(|b| b.is_ascii_digit()) || version.len() != 2 {
            return Err((
                place,
                Problem::WrongMessage {
                    root: name.to_string(),
                    namespace: element_ns.to_string(),
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
        self.parsed.version = version.to_string();
        self.namespace = element_ns.to_string();
        Ok(())
    }

    /// The element just pushed, of the document's namespace: a
    /// notification, entry, entry details or transaction starts one to fill.
    fn open(&mut self, place: Place) {
        let depth = self.stack.len() - 1;
        let names: Vec<&str> = self.stack.iter().map(|o| o.name.as_str()).collect();
        match names.as_slice() {
            ["Document", "BkToCstmrDbtCdtNtfctn", "Ntfctn"] => {
                self.ntfctn = Some(depth);
                self.n_cur = RawNotification {
                    place,
                    ..RawNotification::default()
                };
            }
            [.., "Ntfctn", "Ntry"] if self.ntfctn == Some(depth - 1) => {
                self.ntry = Some(depth);
                self.e_cur = RawEntry {
                    place,
                    ..RawEntry::default()
                };
            }
            [.., "Ntry", "NtryDtls"] if self.ntry == Some(depth - 1) => {
                self.dtls = Some(depth);
                self.d_cur = RawDetails::default();
            }
            [.., "NtryDtls", "TxDtls"] if self.dtls == Some(depth - 1) => {
                self.tx = Some(depth);
                self.t_cur = RawTx {
                    place,
                    ..RawTx::default()
                };
            }
            _ => {}
        }
    }

    /// An element ends: its text goes where its path says, and a
    /// transaction, entry details, entry or notification it ends is done.
    fn end(&mut self, place: Place) {
        // quick-xml refuses an end tag without its start; no depth then.
        let Some(depth) = self.stack.len().checked_sub(1) else {
            return;
        };
        if self.stack.last().is_some_and(|o| o.ours) {
            self.assign(depth, place);
            self.close(depth);
        }
        self.stack.pop();
    }

    /// The text of the element ending at `depth` into what it belongs to.
    fn assign(&mut self, depth: usize, place: Place) {
        let names: Vec<&str> = self.stack.iter().map(|o| o.name.as_str()).collect();
        let open = self
            .stack
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
        if let Some(rel) = within(self.tx) {
            tx_text(&mut self.t_cur, rel, text, amount);
        } else if let Some(rel) = within(self.dtls) {
            match rel {
                ["Btch", "NbOfTxs"] => self.d_cur.batch_count = Some(text),
                ["Btch", "TtlAmt"] => self.d_cur.batch_total = Some(amount()),
                ["Btch", "CdtDbtInd"] => self.d_cur.batch_indicator = Some(text),
                _ => {}
            }
        } else if let Some(rel) = within(self.ntry) {
            entry_text(&mut self.e_cur, rel, text, amount);
        } else if let Some(rel) = within(self.ntfctn) {
            match rel {
                ["Id"] => self.n_cur.id = Some(text),
                ["Acct", rest @ ..] => account_text(&mut self.n_cur.account, rest, text),
                _ => {}
            }
        } else {
            match names.as_slice() {
                ["Document", "BkToCstmrDbtCdtNtfctn", "GrpHdr", "MsgId"] => {
                    self.parsed.message_id = Some(text)
                }
                ["Document", "BkToCstmrDbtCdtNtfctn", "GrpHdr", "CreDtTm"] => {
                    self.parsed.created = Some(text)
                }
                _ => {}
            }
        }
    }

    /// The transaction, entry details, entry or notification that ends at
    /// `depth` goes into the one around it.
    fn close(&mut self, depth: usize) {
        if self.tx == Some(depth) {
            self.tx = None;
            self.d_cur.txs.push(std::mem::take(&mut self.t_cur));
        } else if self.dtls == Some(depth) {
            self.dtls = None;
            self.e_cur.details.push(std::mem::take(&mut self.d_cur));
        } else if self.ntry == Some(depth) {
            self.ntry = None;
            self.n_cur.entries.push(std::mem::take(&mut self.e_cur));
        } else if self.ntfctn == Some(depth) {
            self.ntfctn = None;
            self.parsed.notifications.push(std::mem::take(&mut self.n_cur));
        }
    }
}

/// A text inside an entry (`Ntry`), outside its details.
pub(super) fn entry_text(e: &mut RawEntry, rel: &[&str], text: Text, amount: impl Fn() -> RawAmount) {
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
pub(super) fn tx_text(t: &mut RawTx, rel: &[&str], text: Text, amount: impl Fn() -> RawAmount) {
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
pub(super) fn account_text(a: &mut RawAccount, rel: &[&str], text: Text) {
    match rel {
        ["Id", "IBAN"] => a.iban = Some(text),
        ["Id", "Othr", "Id"] => a.other = Some(text),
        ["Id", "Othr", "SchmeNm", "Cd" | "Prtry"] => a.scheme = Some(text.value),
        ["Ccy"] => a.currency = Some(text),
        _ => {}
    }
}
