//! Which document a payment settles: its OCR reference (check digit and,
//! with `luhn-length`, length digit verified) finds the document that has
//! it; a payment of several documents (BgMax TK22/TK23 extra references
//! with amounts that add up to the payment) settles each by its part. What
//! finds nothing is unmatched, with suggestions: documents with the same
//! amount outstanding, of the party the payer's organisation number or
//! account was seen with before, of a party with the payer's name, or
//! whose reference the payer wrote in a message.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{Doc, Paid, Unmatched};
use crate::engine::ident::OcrMethod;
use crate::engine::register::EntryKind;

/// The documents by their OCR reference: sorted, found by binary search;
/// of two documents with one reference, the higher number.
#[derive(Debug, Clone, Default)]
pub struct Index<'a> {
    by_ocr: Vec<(&'a str, u64)>,
}

impl<'a> Index<'a> {
    /// Every document with a reference.
    pub fn of(docs: impl IntoIterator<Item = &'a Doc>) -> Index<'a> {
        Index::sorted(
            docs.into_iter()
                .filter(|d| !d.ocr.is_empty())
                .map(|d| (d.ocr.as_str(), d.number))
                .collect(),
        )
    }

    fn sorted(mut by_ocr: Vec<(&'a str, u64)>) -> Index<'a> {
        by_ocr.sort_unstable();
        // Of equal references the last (the highest number) is kept.
        by_ocr.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = later.1;
            }
            same
        });
        Index { by_ocr }
    }

    pub fn get(&self, reference: &str) -> Option<u64> {
        self.by_ocr
            .binary_search_by(|(r, _)| (*r).cmp(reference))
            .ok()
            .map(|at| self.by_ocr[at].1)
    }
}

/// What a payment's references find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The documents it settles and how much of it each gets: one
    /// document the whole amount, or each extra reference its part.
    Documents(Vec<(u64, Decimal)>),
    Unmatched(Unmatched),
}

/// A reference as a payer wrote it, spaces removed (a person copying
/// `2023 0001 08` from a form means `2023000108`).
pub fn normal(reference: &str) -> String {
    reference.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What `p`'s references find among the documents of `index`, under the
/// issuer's OCR method.
pub fn find(p: &Paid, method: OcrMethod, index: &Index<'_>) -> Found {
    let lookup = |r: &str| -> Result<u64, Unmatched> {
        let r = normal(r);
        if r.is_empty() {
            Err(Unmatched::NoReference)
        } else if !method.valid(&r) {
            Err(Unmatched::Invalid)
        } else {
            index.get(&r).ok_or(Unmatched::Unknown)
        }
    };
    // A payment of several documents: each extra reference with its part,
    // the parts adding up to the payment.
    let parts: Option<Vec<(&str, Decimal)>> =
        p.extra.iter().map(|(r, a)| Some((r.as_str(), (*a)?))).collect();
    if let Some(parts) = parts.filter(|v| !v.is_empty()) {
        if parts.iter().map(|(_, a)| *a).sum::<Decimal>() == p.amount {
            let found: Result<Vec<(u64, Decimal)>, Unmatched> =
                parts.iter().map(|(r, a)| Ok((lookup(r)?, *a))).collect();
            if let Ok(found) = found {
                return Found::Documents(found);
            }
        }
    }
    match lookup(&p.reference) {
        Ok(n) => Found::Documents(vec![(n, p.amount)]),
        Err(why) => Found::Unmatched(why),
    }
}

/// Why a document is suggested for a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The payment's reference (or a number in its message) is the
    /// document's OCR reference.
    Reference,
    /// Its outstanding amount is the payment's.
    SameAmount,
    /// The payer's organisation number is the recipient's, or was seen on
    /// a payment of the recipient's documents.
    SameOrgNr,
    /// The payer's account paid the recipient's documents before.
    SameAccount,
    /// The payer's name is the recipient's (its first word, a genitive s
    /// aside).
    SameName,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Reference => "reference",
            Reason::SameAmount => "same_amount",
            Reason::SameOrgNr => "same_org_nr",
            Reason::SameAccount => "same_account",
            Reason::SameName => "same_name",
        }
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            Reason::Reference => "samma OCR-nummer",
            Reason::SameAmount => "samma belopp",
            Reason::SameOrgNr => "samma organisationsnummer",
            Reason::SameAccount => "samma konto",
            Reason::SameName => "samma namn",
        }
    }
}

/// A document suggested for an unmatched payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub document: u64,
    pub reasons: Vec<Reason>,
}

/// At most this many suggestions per payment.
pub const MAX_SUGGESTIONS: usize = 5;

/// A name as suggestions compare it: its first word, in lower case, a
/// genitive `s` left off (`Bollebygds kommun` and `Bollebygd` are alike).
pub fn name_key(name: &str) -> Option<String> {
    let word: String = name
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())?
        .to_lowercase();
    let word = match word.strip_suffix('s') {
        Some(stem) if stem.chars().count() >= 3 => stem.to_string(),
        _ => word,
    };
    (word.chars().count() >= 3).then_some(word)
}

/// Digits only (`212000-1561` is `2120001561`).
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// What suggestions look things up in, made once for every unmatched
/// payment: the open documents (an amount outstanding) by amount, by
/// party, and the parties by organisation number, name and by the payer
/// accounts and organisation numbers that paid their documents before.
#[derive(Debug, Default)]
pub struct Clues<'a> {
    by_amount: BTreeMap<Decimal, BTreeSet<u64>>,
    by_party: BTreeMap<&'a str, BTreeSet<u64>>,
    party_by_org: BTreeMap<Cow<'a, str>, BTreeSet<&'a str>>,
    party_by_account: BTreeMap<&'a str, BTreeSet<&'a str>>,
    party_by_name: BTreeMap<String, BTreeSet<&'a str>>,
    index: Index<'a>,
}

impl<'a> Clues<'a> {
    /// `open`: each invoice with its amount outstanding; `paid_by`: who
    /// paid each party's documents before (organisation number and
    /// account, per recipient code).
    pub fn new(
        docs: impl IntoIterator<Item = &'a Doc>,
        open: &[(u64, Decimal)],
        paid_by: impl IntoIterator<Item = (&'a str, &'a super::PayerInfo)>,
    ) -> Clues<'a> {
        let mut c = Clues::default();
        // Each recipient's name and organisation number once, as its latest
        // invoice has them.
        let mut parties: BTreeMap<&'a str, (&'a str, &'a str)> = BTreeMap::new();
        let mut by_number: Vec<&'a Doc> = Vec::new();
        let mut by_ocr = Vec::new();
        for d in docs {
            if !d.ocr.is_empty() {
                by_ocr.push((d.ocr.as_str(), d.number));
            }
            by_number.push(d);
            if d.kind == EntryKind::Invoice {
                parties.insert(
                    d.recipient_code.as_str(),
                    (d.recipient.as_str(), d.org_nr.as_str()),
                );
            }
        }
        c.index = Index::sorted(by_ocr);
        // By number (in which order documents usually come: then sorting
        // is one pass); of two with one number, the later.
        by_number.sort_by_key(|d| d.number);
        let doc = |n: u64| {
            let end = by_number.partition_point(|d| d.number <= n);
            by_number[..end].last().filter(|d| d.number == n).copied()
        };
        for (code, (name, org_nr)) in parties {
            if !org_nr.is_empty() {
                c.party_by_org
                    .entry(Cow::Owned(digits(org_nr)))
                    .or_default()
                    .insert(code);
            }
            if let Some(k) = name_key(name) {
                c.party_by_name.entry(k).or_default().insert(code);
            }
        }
        for (n, outstanding) in open {
            if *outstanding > Decimal::ZERO {
                if let Some(d) = doc(*n) {
                    c.by_amount.entry(*outstanding).or_default().insert(*n);
                    c.by_party
                        .entry(d.recipient_code.as_str())
                        .or_default()
                        .insert(*n);
                }
            }
        }
        for (code, payer) in paid_by {
            if !payer.org_nr.is_empty() {
                c.party_by_org
                    .entry(Cow::Borrowed(payer.org_nr.as_str()))
                    .or_default()
                    .insert(code);
            }
            if !payer.account.is_empty() {
                c.party_by_account
                    .entry(payer.account.as_str())
                    .or_default()
                    .insert(code);
            }
        }
        c
    }

    /// The documents by their OCR reference.
    pub fn index(&self) -> &Index<'a> {
        &self.index
    }

    /// The documents suggested for `p`, of which `unallocated` is not yet
    /// settled: those with most reasons first, then by number; at most
    /// [`MAX_SUGGESTIONS`].
    pub fn suggest(&self, p: &Paid, unallocated: Decimal, texts: &[&str]) -> Vec<Suggestion> {
        let mut found: BTreeMap<u64, BTreeSet<Reason>> = BTreeMap::new();
        let mut add = |n: u64, r: Reason| {
            found.entry(n).or_default().insert(r);
        };
        // A reference now found (the document was numbered after the
        // payment came), or one written in a message.
        let words = std::iter::once(p.reference.as_str())
            .chain(texts.iter().copied())
            .flat_map(|t| t.split(|c: char| !c.is_ascii_digit()));
        for w in words.filter(|w| w.len() >= 2) {
            if let Some(n) = self.index.get(w) {
                add(n, Reason::Reference);
            }
        }
        for n in self.by_amount.get(&unallocated).into_iter().flatten() {
            add(*n, Reason::SameAmount);
        }
        let mut party_reasons: Vec<(&str, Reason)> = Vec::new();
        if !p.payer.org_nr.is_empty() {
            let key = Cow::Borrowed(p.payer.org_nr.as_str());
            for code in self.party_by_org.get(&key).into_iter().flatten() {
                party_reasons.push((code, Reason::SameOrgNr));
            }
        }
        if !p.payer.account.is_empty() {
            for code in self
                .party_by_account
                .get(p.payer.account.as_str())
                .into_iter()
                .flatten()
            {
                party_reasons.push((code, Reason::SameAccount));
            }
        }
        if let Some(k) = name_key(&p.payer.name) {
            for code in self.party_by_name.get(&k).into_iter().flatten() {
                party_reasons.push((code, Reason::SameName));
            }
        }
        for (code, reason) in party_reasons {
            for n in self.by_party.get(code).into_iter().flatten() {
                add(*n, reason);
            }
        }
        let mut out: Vec<Suggestion> = found
            .into_iter()
            .map(|(document, reasons)| Suggestion {
                document,
                reasons: reasons.into_iter().collect(),
            })
            .collect();
        out.sort_by(|a, b| {
            b.reasons
                .len()
                .cmp(&a.reasons.len())
                .then(a.document.cmp(&b.document))
        });
        out.truncate(MAX_SUGGESTIONS);
        out
    }
}
