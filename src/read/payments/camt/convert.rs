//! The raw structures checked and turned into a payment file: amounts,
//! currencies, batch totals, accounts, references, payers.

use std::path::Path;

use rust_decimal::Decimal;

use super::parse::Parsed;
use super::problem::Problem;
use super::raw::*;
use crate::diag::Diagnostics;
use crate::engine::date::Date;
use crate::engine::payment::{
    Account, AccountKind, BankIds, Deposit, ExtraReference, FileIdentity, Payer, Payment, PaymentFile,
    PaymentFormat, PaymentKind, Place, Reference, Skipped,
};
use crate::read::payments::fields::at;

/// Checks what was read and makes the payment file.
pub(super) fn convert(path: &Path, parsed: Parsed) -> Result<PaymentFile, Diagnostics> {
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

pub(super) struct Checker<'p> {
    pub(super) path: &'p Path,
    pub(super) problems: Diagnostics,
}

impl Checker<'_> {
    pub(super) fn problem(&mut self, place: Place, p: Problem) {
        self.problems.push(at(self.path, place, p.message()));
    }

    /// A required text, or a problem at `place`.
    pub(super) fn required(
        &mut self,
        t: Option<&Text>,
        element: &'static str,
        place: Place,
    ) -> Option<String> {
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
    pub(super) fn plain(&mut self, t: &Text, element: &'static str) -> Option<String> {
        let value = t.value.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(why) = crate::read::text::control_character(&value) {
            self.problem(t.place, Problem::Control { element, why });
            return None;
        }
        (!value.is_empty()).then_some(value)
    }

    pub(super) fn optional(&mut self, t: Option<&Text>, element: &'static str) -> Option<String> {
        t.and_then(|t| self.plain(t, element))
    }

    pub(super) fn sek(&mut self, currency: &str, element: &'static str, place: Place) -> bool {
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
    pub(super) fn amount(&mut self, a: &RawAmount, element: &'static str) -> Option<Decimal> {
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

    pub(super) fn date(&mut self, t: &Text, element: &'static str) -> Option<Date> {
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
    pub(super) fn credit(&mut self, t: &Text, element: &'static str) -> Option<bool> {
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
    pub(super) fn account(&mut self, a: &RawAccount, element: &'static str, place: Place) -> Option<Account> {
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

    /// `t`, or a problem at `place` that `element` is missing.
    pub(super) fn present<'t, T>(
        &mut self,
        t: Option<&'t T>,
        element: &'static str,
        place: Place,
    ) -> Option<&'t T> {
        if t.is_none() {
            self.problem(place, Problem::Missing { element });
        }
        t
    }

    /// One entry: a deposit, or `None` when it is skipped or has problems.
    pub(super) fn entry(
        &mut self,
        e: &RawEntry,
        account: Option<&Account>,
        skipped: &mut Skipped,
    ) -> Option<Deposit> {
        let amount = self
            .present(e.amount.as_ref(), "Ntry/Amt", e.place)
            .and_then(|a| self.amount(a, "Ntry/Amt"));
        let credit = self
            .present(e.indicator.as_ref(), "Ntry/CdtDbtInd", e.place)
            .and_then(|t| self.credit(t, "Ntry/CdtDbtInd"));
        if credit == Some(false) {
            skipped.debits += 1;
            return None;
        }
        let status = self.present(e.status.as_ref(), "Ntry/Sts", e.place)?;
        if status.value != "BOOK" {
            skipped.not_booked += 1;
            return None;
        }
        let booking = self
            .present(e.booking.as_ref(), "Ntry/BookgDt", e.place)
            .and_then(|t| self.date(t, "Ntry/BookgDt"));
        let value_date = e.value.as_ref().and_then(|t| self.date(t, "Ntry/ValDt"));
        let entry_ref = self.optional(e.entry_ref.as_ref(), "Ntry/NtryRef");
        let servicer_ref = self.optional(e.servicer_ref.as_ref(), "Ntry/AcctSvcrRef");
        let info: Vec<String> = e
            .info
            .iter()
            .filter_map(|t| self.plain(t, "Ntry/AddtlNtryInf"))
            .collect();
        let before = self.problems.len();
        let (mut payments, sums_known) = self.details(e, amount);
        let (Some(amount), Some(date)) = (amount, booking) else {
            return None;
        };
        if e.details.iter().all(|d| d.txs.is_empty()) {
            // An entry without transaction details is one payment.
            payments.push(Payment {
                kind: PaymentKind::Payment,
                date,
                value_date,
                amount,
                reference: Reference::default(),
                extra_references: Vec::new(),
                information: info,
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

    /// The payments of an entry's transactions, each batch's count and
    /// total checked, and whether every amount is known (so that sums can
    /// be checked). `amount` is the entry's.
    pub(super) fn details(&mut self, e: &RawEntry, amount: Option<Decimal>) -> (Vec<Payment>, bool) {
        let several = e.details.iter().map(|d| d.txs.len()).sum::<usize>() > 1;
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
            self.batch(d, batch_sum, sums_known);
        }
        (payments, sums_known)
    }

    /// A batch's stated count and total (`NbOfTxs`, `TtlAmt`) against its
    /// transactions: `sum` is theirs, when `known`.
    pub(super) fn batch(&mut self, d: &RawDetails, sum: Decimal, known: bool) {
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
        let credit = d
            .batch_indicator
            .as_ref()
            .and_then(|t| self.credit(t, "Btch/CdtDbtInd"))
            .unwrap_or(true);
        if let Some(total) = &d.batch_total {
            let stated = self.amount(total, "Btch/TtlAmt");
            let found = if credit { sum } else { -sum };
            if let (Some(stated), true) = (stated, known) {
                if stated != found {
                    self.problem(total.place, Problem::BatchTotal { stated, found });
                }
            }
        }
    }

    /// One transaction as a payment (its date is the entry's, set later).
    /// A transaction without an amount has the entry's (`fallback`) when it
    /// is the only one; in an entry of several it is a problem.
    pub(super) fn transaction(
        &mut self,
        t: &RawTx,
        several: bool,
        fallback: Option<Decimal>,
    ) -> Option<Payment> {
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
        let (reference, extra_references, information) = self.remittance(t);
        let payer = self.payer(t);
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

    /// A transaction's remittance information: the reference (the first
    /// structured one, else the first unstructured text), further
    /// structured references, and the texts left over.
    pub(super) fn remittance(&mut self, t: &RawTx) -> (Reference, Vec<ExtraReference>, Vec<String>) {
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
        (reference, extra_references, information)
    }

    /// The debtor of a transaction: name, address, identity and account.
    pub(super) fn payer(&mut self, t: &RawTx) -> Payer {
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
        Payer {
            name: self.optional(t.debtor_name.as_ref(), "Dbtr/Nm"),
            extra_name: None,
            address,
            postcode: self.optional(t.postcode.as_ref(), "Dbtr/PstlAdr/PstCd"),
            town: self.optional(t.town.as_ref(), "Dbtr/PstlAdr/TwnNm"),
            country: None,
            country_code: self.optional(t.country.as_ref(), "Dbtr/PstlAdr/Ctry"),
            org_nr: self.optional(t.debtor_id.as_ref(), "Dbtr/Id"),
            account: self.account(&t.debtor_account, "RltdPties/DbtrAcct", t.place),
        }
    }
}
