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
                        return Err((place, Problem::SecondRoot));
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
        return Err((lines.place(text.len() as u64), Problem::NoRoot));
    }
    Ok(parsed)
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
