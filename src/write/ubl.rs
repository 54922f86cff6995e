//! A final invoice or credit note as a Peppol BIS Billing 3.0 document
//! (UBL 2.1): an `Invoice` (type code 380) or a `CreditNote` (381) that
//! refers to the invoice it credits.
//!
//! Member fees are outside the scope of VAT (category O: no VAT amount, an
//! exemption reason, and never the seller's VAT identifier); lines may
//! instead be exempt (E, rate 0, with the seller's VAT identifier). Payment
//! is a credit transfer (means 30) to the issuer's bankgiro (`SE:BANKGIRO`)
//! with the OCR reference as payment id. Every line is quantity 1 (`C62`)
//! at its amount (a negative line is quantity -1 at the positive price, as
//! the price may not be negative), so the lines sum to the total.
//!
//! The XML is written with quick-xml's writer, element by element, in the
//! order the UBL 2.1 schema requires; the bytes depend only on the document.

use std::io::Cursor;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rust_decimal::Decimal;

/// Invoice or credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invoice,
    CreditNote,
}

/// VAT category of every line of a document (Peppol forbids mixing O with
/// other categories in one document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatCategory {
    /// Outside the scope of VAT.
    O,
    /// Exempt.
    E,
}

/// Seller or buyer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    /// Ten digits, or empty.
    pub org_nr: String,
    /// Electronic address: (scheme, value).
    pub endpoint: (String, String),
    /// Address lines as written; a last line "503 38 Borås" becomes the
    /// postal code and city.
    pub address: Vec<String>,
    /// `SE222000123401`, written only for category E.
    pub vat_id: String,
}

/// One line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub name: String,
    pub description: String,
    /// As invoiced (for a credit note: as credited, positive for a credit).
    pub amount: Decimal,
}

/// Everything an e-invoice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: Kind,
    pub number: String,
    pub issue_date: String,
    pub due_date: String,
    pub note: String,
    pub buyer_reference: String,
    pub order_reference: String,
    /// For a credit note: the credited invoice's number and issue date.
    pub billing_reference: Option<(String, String)>,
    pub seller: Party,
    pub buyer: Party,
    pub lines: Vec<Line>,
    pub vat: VatCategory,
    pub vat_reason: String,
    /// Bankgiro digits; with `ocr`, the payment means.
    pub bankgiro: String,
    pub ocr: String,
    pub payment_terms: String,
    /// The document's own PDF: (file name, bytes).
    pub pdf: Option<(String, Vec<u8>)>,
}

impl Document {
    /// The sum of the lines: the total the document states.
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.amount).sum()
    }
}

const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
pub const CUSTOMIZATION: &str = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
pub const PROFILE: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

struct Xml(Writer<Cursor<Vec<u8>>>);

impl Xml {
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for a in attrs {
            e.push_attribute(*a);
        }
        self.event(Event::Start(e));
    }
    fn end(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }
    fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.event(Event::Text(BytesText::new(text)));
        self.end(name);
    }
    fn leaf(&mut self, name: &str, text: &str) {
        self.text(name, &[], text);
    }
    fn amount(&mut self, name: &str, amount: Decimal) {
        self.text(name, &[("currencyID", "SEK")], &money(amount));
    }
    fn event(&mut self, e: Event) {
        // Writing into memory cannot fail.
        self.0.write_event(e).expect("writing XML into memory");
    }
}

/// `880014.00`: two decimals, `.`, no grouping (amounts are whole kronor).
fn money(d: Decimal) -> String {
    crate::money::plain2(d)
}

/// (postal code, city) from an address line such as `503 38 Borås` or
/// `50338 Borås`.
fn postal_line(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let (zone, rest) = if digits(0..3) && b.get(3) == Some(&b' ') && digits(4..6) {
        (&t[..6], &t[6..])
    } else if digits(0..5) {
        (&t[..5], &t[5..])
    } else {
        return None;
    };
    let city = rest.strip_prefix(' ')?.trim();
    (!city.is_empty()).then(|| (zone.to_string(), city.to_string()))
}

fn party(x: &mut Xml, p: &Party, vat: VatCategory) {
    x.start("cac:Party", &[]);
    x.text("cbc:EndpointID", &[("schemeID", &p.endpoint.0)], &p.endpoint.1);
    x.start("cac:PartyName", &[]);
    x.leaf("cbc:Name", &p.name);
    x.end("cac:PartyName");
    x.start("cac:PostalAddress", &[]);
    let mut lines: Vec<&str> = p
        .address
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let postal = lines.last().and_then(|l| postal_line(l));
    if postal.is_some() {
        lines.pop();
    }
    if let Some(first) = lines.first() {
        x.leaf("cbc:StreetName", first);
    }
    if let Some(second) = lines.get(1) {
        x.leaf("cbc:AdditionalStreetName", second);
    }
    if let Some((zone, city)) = &postal {
        x.leaf("cbc:CityName", city);
        x.leaf("cbc:PostalZone", zone);
    }
    if lines.len() > 2 {
        x.start("cac:AddressLine", &[]);
        x.leaf("cbc:Line", &lines[2..].join(", "));
        x.end("cac:AddressLine");
    }
    x.start("cac:Country", &[]);
    x.leaf("cbc:IdentificationCode", "SE");
    x.end("cac:Country");
    x.end("cac:PostalAddress");
    if vat == VatCategory::E && !p.vat_id.is_empty() {
        x.start("cac:PartyTaxScheme", &[]);
        x.leaf("cbc:CompanyID", &p.vat_id);
        x.start("cac:TaxScheme", &[]);
        x.leaf("cbc:ID", "VAT");
        x.end("cac:TaxScheme");
        x.end("cac:PartyTaxScheme");
    }
    x.start("cac:PartyLegalEntity", &[]);
    x.leaf("cbc:RegistrationName", &p.name);
    if !p.org_nr.is_empty() {
        x.text("cbc:CompanyID", &[("schemeID", "0007")], &p.org_nr);
    }
    x.end("cac:PartyLegalEntity");
    x.end("cac:Party");
}

fn tax_category(x: &mut Xml, element: &str, d: &Document, reason: bool) {
    x.start(element, &[]);
    x.leaf("cbc:ID", if d.vat == VatCategory::O { "O" } else { "E" });
    if d.vat == VatCategory::E {
        x.leaf("cbc:Percent", "0");
    }
    if reason {
        x.leaf("cbc:TaxExemptionReason", &d.vat_reason);
    }
    x.start("cac:TaxScheme", &[]);
    x.leaf("cbc:ID", "VAT");
    x.end("cac:TaxScheme");
    x.end(element);
}

/// The UBL 2.1 document, UTF-8, indented.
///
/// Long on purpose: the elements in the order the UBL schema fixes, one
/// after another, so the function reads as the document does; the
/// repeated parts (parties, tax totals) are functions of their own.
pub fn write(d: &Document) -> Vec<u8> {
    let mut x = Xml(Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2));
    x.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let (root, ns, line_el, qty_el) = match d.kind {
        Kind::Invoice => (
            "Invoice",
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
            "cac:InvoiceLine",
            "cbc:InvoicedQuantity",
        ),
        Kind::CreditNote => (
            "CreditNote",
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
            "cac:CreditNoteLine",
            "cbc:CreditedQuantity",
        ),
    };
    x.start(root, &[("xmlns", ns), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)]);
    x.leaf("cbc:CustomizationID", CUSTOMIZATION);
    x.leaf("cbc:ProfileID", PROFILE);
    x.leaf("cbc:ID", &d.number);
    x.leaf("cbc:IssueDate", &d.issue_date);
    match d.kind {
        Kind::Invoice => {
            x.leaf("cbc:DueDate", &d.due_date);
            x.leaf("cbc:InvoiceTypeCode", "380");
        }
        Kind::CreditNote => x.leaf("cbc:CreditNoteTypeCode", "381"),
    }
    if !d.note.is_empty() {
        x.leaf("cbc:Note", &d.note);
    }
    x.leaf("cbc:DocumentCurrencyCode", "SEK");
    if !d.buyer_reference.is_empty() {
        x.leaf("cbc:BuyerReference", &d.buyer_reference);
    }
    if !d.order_reference.is_empty() {
        x.start("cac:OrderReference", &[]);
        x.leaf("cbc:ID", &d.order_reference);
        x.end("cac:OrderReference");
    }
    if let Some((number, date)) = &d.billing_reference {
        x.start("cac:BillingReference", &[]);
        x.start("cac:InvoiceDocumentReference", &[]);
        x.leaf("cbc:ID", number);
        x.leaf("cbc:IssueDate", date);
        x.end("cac:InvoiceDocumentReference");
        x.end("cac:BillingReference");
    }
    if let Some((name, bytes)) = &d.pdf {
        x.start("cac:AdditionalDocumentReference", &[]);
        x.leaf("cbc:ID", &d.number);
        x.leaf("cbc:DocumentDescription", name);
        x.start("cac:Attachment", &[]);
        x.text(
            "cbc:EmbeddedDocumentBinaryObject",
            &[("mimeCode", "application/pdf"), ("filename", name)],
            &base64(bytes),
        );
        x.end("cac:Attachment");
        x.end("cac:AdditionalDocumentReference");
    }
    x.start("cac:AccountingSupplierParty", &[]);
    party(&mut x, &d.seller, d.vat);
    x.end("cac:AccountingSupplierParty");
    x.start("cac:AccountingCustomerParty", &[]);
    party(&mut x, &d.buyer, d.vat);
    x.end("cac:AccountingCustomerParty");
    if d.kind == Kind::Invoice && !d.bankgiro.is_empty() {
        x.start("cac:PaymentMeans", &[]);
        x.text("cbc:PaymentMeansCode", &[("name", "Credit transfer")], "30");
        if !d.ocr.is_empty() {
            x.leaf("cbc:PaymentID", &d.ocr);
        }
        x.start("cac:PayeeFinancialAccount", &[]);
        x.leaf("cbc:ID", &d.bankgiro);
        x.start("cac:FinancialInstitutionBranch", &[]);
        x.leaf("cbc:ID", "SE:BANKGIRO");
        x.end("cac:FinancialInstitutionBranch");
        x.end("cac:PayeeFinancialAccount");
        x.end("cac:PaymentMeans");
    }
    if !d.payment_terms.is_empty() {
        x.start("cac:PaymentTerms", &[]);
        x.leaf("cbc:Note", &d.payment_terms);
        x.end("cac:PaymentTerms");
    }
    let total = d.total();
    x.start("cac:TaxTotal", &[]);
    x.amount("cbc:TaxAmount", Decimal::ZERO);
    x.start("cac:TaxSubtotal", &[]);
    x.amount("cbc:TaxableAmount", total);
    x.amount("cbc:TaxAmount", Decimal::ZERO);
    tax_category(&mut x, "cac:TaxCategory", d, true);
    x.end("cac:TaxSubtotal");
    x.end("cac:TaxTotal");
    x.start("cac:LegalMonetaryTotal", &[]);
    for el in [
        "cbc:LineExtensionAmount",
        "cbc:TaxExclusiveAmount",
        "cbc:TaxInclusiveAmount",
        "cbc:PayableAmount",
    ] {
        x.amount(el, total);
    }
    x.end("cac:LegalMonetaryTotal");
    for (i, l) in d.lines.iter().enumerate() {
        x.start(line_el, &[]);
        x.leaf("cbc:ID", &(i + 1).to_string());
        let quantity = if l.amount < Decimal::ZERO { "-1" } else { "1" };
        x.text(qty_el, &[("unitCode", "C62")], quantity);
        x.amount("cbc:LineExtensionAmount", l.amount);
        x.start("cac:Item", &[]);
        if !l.description.is_empty() {
            x.leaf("cbc:Description", &l.description);
        }
        x.leaf("cbc:Name", &l.name);
        tax_category(&mut x, "cac:ClassifiedTaxCategory", d, false);
        x.end("cac:Item");
        x.start("cac:Price", &[]);
        x.amount("cbc:PriceAmount", l.amount.abs());
        x.end("cac:Price");
        x.end(line_el);
    }
    x.end(root);
    let mut out = x.0.into_inner().into_inner();
    out.push(b'\n');
    out
}

/// Standard base64 (RFC 4648, with padding) for the embedded PDF.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_test_vectors() {
        // RFC 4648, section 10.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn postal_lines() {
        assert_eq!(
            postal_line("503 38 Borås"),
            Some(("503 38".into(), "Borås".into()))
        );
        assert_eq!(postal_line("50338 Borås"), Some(("50338".into(), "Borås".into())));
        assert_eq!(postal_line("Box 902"), None);
        assert_eq!(postal_line("503 38"), None);
    }

    fn sample(kind: Kind) -> Document {
        let party = |name: &str, org: &str| Party {
            name: name.into(),
            org_nr: org.into(),
            endpoint: ("0007".into(), org.into()),
            address: vec!["Box 1 & 2 <a>".into(), "501 10 Borås".into()],
            vat_id: String::new(),
        };
        Document {
            kind,
            number: "8".into(),
            issue_date: "2023-01-16".into(),
            due_date: "2023-02-15".into(),
            note: "Avgifter 2023".into(),
            buyer_reference: "REF1".into(),
            order_reference: String::new(),
            billing_reference: (kind == Kind::CreditNote)
                .then(|| ("7".to_string(), "2023-01-16".to_string())),
            seller: party("Förbundet", "2220001222"),
            buyer: party("Kommunen", "2120001561"),
            lines: vec![
                Line {
                    name: "A".into(),
                    description: "b".into(),
                    amount: Decimal::new(880014, 0),
                },
                Line {
                    name: "C".into(),
                    description: String::new(),
                    amount: Decimal::new(-7, 0),
                },
            ],
            vat: VatCategory::O,
            vat_reason: "Ej moms".into(),
            bankgiro: "50501055".into(),
            ocr: "202300083".into(),
            payment_terms: String::new(),
            pdf: None,
        }
    }

    #[test]
    fn escapes_text_and_sums_lines() {
        let xml = String::from_utf8(write(&sample(Kind::Invoice))).unwrap();
        assert!(xml.contains("Box 1 &amp; 2 &lt;a&gt;"), "{xml}");
        assert!(xml.contains("<cbc:PayableAmount currencyID=\"SEK\">880007.00</cbc:PayableAmount>"));
        assert!(xml.contains("<cbc:InvoicedQuantity unitCode=\"C62\">-1</cbc:InvoicedQuantity>"));
        assert!(xml.contains("<cbc:PriceAmount currencyID=\"SEK\">7.00</cbc:PriceAmount>"));
        assert!(xml.contains("<cbc:PaymentID>202300083</cbc:PaymentID>"));
        // Category O: no VAT identifier anywhere.
        assert!(!xml.contains("PartyTaxScheme"));
        assert_eq!(write(&sample(Kind::Invoice)), write(&sample(Kind::Invoice)));
    }

    #[test]
    fn credit_note_refers_to_its_invoice() {
        let xml = String::from_utf8(write(&sample(Kind::CreditNote))).unwrap();
        assert!(
            xml.contains("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"")
        );
        assert!(xml.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
        assert!(xml.contains("<cac:InvoiceDocumentReference>"));
        assert!(!xml.contains("DueDate"));
        assert!(xml.contains("<cac:CreditNoteLine>"));
    }
}
