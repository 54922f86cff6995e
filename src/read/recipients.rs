//! Recipients' names and addresses for invoices: a CSV with a header of
//! the columns in [`COLUMNS`] (`recipient,name,address,postal_address,reference`;
//! the recipient is a municipality code or an external payer's id) and, for
//! e-invoices, `org_nr`, `peppol_id`, `order_reference` and `channel`
//! (`peppol` or `pdf`). `reference` is the buyer reference (BT-10). Empty fields stay empty on the invoice;
//! identifiers are checked here, each problem at its line.
//!
//! Each column may also go by the Swedish names of [`COLUMNS`]
//! (`Mottagare` or `Kommunkod`, `Namn`, `Adress`, `Postadress`,
//! `Referens`, `Organisationsnummer`, …).
//!
//! The file is read strictly, because a column the reader does not know
//! would silently drop what it holds from every invoice: an unknown or
//! repeated column, a row with more or fewer fields than the header, and
//! text with control characters are errors, each at its line. A column is
//! added in one place: a row of [`COLUMNS`] (and the field it fills).

use std::collections::BTreeMap;
use std::path::Path;

use super::records::{CsvOptions, CsvRecords};
use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::ident::{OrgNr, PeppolId};
use crate::msg;
use crate::msg::Message;

/// One recipient's details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipientInfo {
    pub name: String,
    pub address: String,
    pub postal_address: String,
    /// The buyer reference ("Er referens", BT-10).
    pub reference: String,
    /// Organisation number, ten digits (checked).
    pub org_nr: String,
    /// Peppol participant id, `scheme:value` (checked).
    pub peppol_id: String,
    /// Order reference (BT-13), an alternative to the buyer reference.
    pub order_reference: String,
    /// How the recipient gets its final documents: `peppol`, `pdf`, or
    /// empty for as `invoice.einvoice` says (checked).
    pub channel: String,
    /// The row's line in the file, for messages about it.
    pub line: usize,
}

/// A column of the recipients file.
pub struct RecipientColumn {
    /// The header, compared without case.
    pub name: &'static str,
    /// The other names the header may give it (folded: lower case, runs of
    /// whitespace as one space), as Swedish files head them.
    pub also: &'static [&'static str],
    /// Whether every file must have the column.
    pub required: bool,
    /// The field the column fills; `None` for the recipient key itself.
    pub field: Option<fn(&mut RecipientInfo) -> &mut String>,
}

/// Every column the recipients file may have, in the order written.
pub const COLUMNS: &[RecipientColumn] = &[
    RecipientColumn {
        name: "recipient",
        also: &[
            "mottagare",
            "code",
            "kod",
            "kommunkod",
            "regionkod",
            "region code",
            "kommunnummer",
            "kommunnr",
        ],
        required: true,
        field: None,
    },
    RecipientColumn {
        name: "name",
        also: &["namn", "kommun", "kommunnamn", "mottagarens namn"],
        required: false,
        field: Some(|r| &mut r.name),
    },
    RecipientColumn {
        name: "address",
        also: &["adress", "gatuadress", "utdelningsadress"],
        required: false,
        field: Some(|r| &mut r.address),
    },
    RecipientColumn {
        name: "postal_address",
        also: &["postadress", "postnummer och ort", "postal address"],
        required: false,
        field: Some(|r| &mut r.postal_address),
    },
    RecipientColumn {
        name: "reference",
        also: &["referens", "er referens", "köparens referens", "buyer reference"],
        required: false,
        field: Some(|r| &mut r.reference),
    },
    RecipientColumn {
        name: "org_nr",
        also: &[
            "organisationsnummer",
            "orgnr",
            "org.nr",
            "org nr",
            "org.nr.",
            "organisation number",
        ],
        required: false,
        field: Some(|r| &mut r.org_nr),
    },
    RecipientColumn {
        name: "peppol_id",
        also: &["peppol", "peppol-id", "peppol id", "peppolid"],
        required: false,
        field: Some(|r| &mut r.peppol_id),
    },
    RecipientColumn {
        name: "order_reference",
        also: &[
            "ordernummer",
            "orderreferens",
            "beställningsreferens",
            "order reference",
        ],
        required: false,
        field: Some(|r| &mut r.order_reference),
    },
    RecipientColumn {
        name: "channel",
        also: &["kanal", "leveranskanal", "delivery channel"],
        required: false,
        field: Some(|r| &mut r.channel),
    },
];

/// Details by recipient key (a code as `1490`, or a payer id).
pub fn read_recipients(
    ctx: &crate::context::Context,
    path: &Path,
) -> Result<BTreeMap<String, RecipientInfo>, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Recipients)?;
    parse_recipients(&bytes, path)
}

/// The header names, comma-separated.
fn column_list() -> String {
    COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

pub fn parse_recipients(bytes: &[u8], path: &Path) -> Result<BTreeMap<String, RecipientInfo>, Diagnostics> {
    let (text, _) = text::decode(bytes);
    let err = |line: usize, m: Message| Diagnostic::new(m).in_file(path).at_line(line);
    let mut records = CsvRecords::new(&text, CsvOptions::default());
    let (header_line, header) = records.header().map_err(|d| d.in_file(path))?;
    if header.iter().all(str::is_empty) {
        return Err(err(header_line, msg!("recipients-header", columns = column_list())).into());
    }
    // Each field of a row goes to the column of its header.
    let columns = header_columns(&header, |m| err(header_line, m))?;
    let mut problems = Diagnostics::new();
    let mut out = BTreeMap::new();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(record) = records.next_record() {
        let (line, record) = match record {
            Ok(r) => (r.line, r.fields),
            Err(e) => {
                problems.push(e.diagnostic().in_file(path));
                continue;
            }
        };
        // A blank line is no row.
        if record.iter().all(str::is_empty) && record.len() <= 1 {
            continue;
        }
        if record.len() != header.len() {
            problems.push(err(
                line,
                msg!(
                    "recipients-field-count",
                    found = record.len(),
                    expected = header.len(),
                    header = header.iter().collect::<Vec<_>>().join(",")
                ),
            ));
            continue;
        }
        let mut key = String::new();
        let mut info = RecipientInfo {
            line,
            ..Default::default()
        };
        let mut row_ok = true;
        for (value, column) in record.iter().zip(&columns) {
            let Some(column) = column else { continue };
            if let Some(why) = text::control_character(value) {
                problems.push(err(
                    line,
                    msg!("csv-column-control", column = column.name, why = why),
                ));
                row_ok = false;
                continue;
            }
            match column.field {
                Some(field) => *field(&mut info) = value.to_string(),
                None => key = value.to_string(),
            }
        }
        if !row_ok {
            continue;
        }
        if key.is_empty() {
            problems.push(err(line, msg!("recipients-missing")));
            continue;
        }
        if key.bytes().all(|b| b.is_ascii_digit()) {
            match key.parse::<Code>() {
                Ok(c) => key = c.to_string(),
                Err(e) => {
                    problems.push(err(line, e));
                    continue;
                }
            }
        }
        if let Some(first) = first_line.get(&key) {
            problems.push(err(line, msg!("recipients-twice", key = &key, first = *first)));
            continue;
        }
        info.reference = info.reference.trim().to_string();
        info.order_reference = info.order_reference.trim().to_string();
        for problem in canonical_identifiers(&mut info, &key) {
            problems.push(err(line, problem));
        }
        first_line.insert(key.clone(), line);
        out.insert(key, info);
    }
    problems.into_result(out)
}

/// The column of each header cell (`None`: none of ours), or every problem
/// with the header (`at` places a message on the header's line).
fn header_columns(
    header: &csv::StringRecord,
    at: impl Fn(Message) -> Diagnostic,
) -> Result<Vec<Option<&'static RecipientColumn>>, Diagnostics> {
    let mut problems = Diagnostics::new();
    let names: Vec<&str> = COLUMNS
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.also.iter().copied()))
        .collect();
    let mut columns: Vec<Option<&RecipientColumn>> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let folded = super::scb::vocabulary::fold(h);
        let found = COLUMNS
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(h) || c.also.contains(&folded.as_str()));
        match found {
            Some(c) if columns.iter().flatten().any(|d| d.name == c.name) => {
                problems.push(at(msg!("recipients-column-twice", column = c.name)));
            }
            Some(_) => {}
            None => {
                let (found, n) = (msg::quoted(h), i + 1);
                problems.push(at(match super::toml::suggest(&h.to_lowercase(), &names) {
                    Some(s) => msg!(
                        "recipients-unknown-column-suggest",
                        found = found,
                        n = n,
                        suggestion = msg::quoted(s)
                    ),
                    None => msg!(
                        "recipients-unknown-column",
                        found = found,
                        n = n,
                        columns = column_list()
                    ),
                }));
            }
        }
        columns.push(found);
    }
    for c in COLUMNS.iter().filter(|c| c.required) {
        if !columns.iter().flatten().any(|d| d.name == c.name) {
            problems.push(at(msg!(
                "recipients-missing-column",
                column = c.name,
                columns = column_list()
            )));
        }
    }
    problems.into_result(columns)
}

/// The references trimmed and the identifiers in their canonical form;
/// what is wrong with an identifier of recipient `key`, if anything.
fn canonical_identifiers(info: &mut RecipientInfo, key: &str) -> Vec<Message> {
    let mut problems = Vec::new();
    info.reference = info.reference.trim().to_string();
    info.order_reference = info.order_reference.trim().to_string();
    let org_nr = std::mem::take(&mut info.org_nr);
    if !org_nr.trim().is_empty() {
        match OrgNr::parse(&org_nr) {
            Ok(o) => info.org_nr = o.digits().to_string(),
            Err(e) => problems.push(msg!("recipients-org-nr", key = key, why = e)),
        }
    }
    let channel = info.channel.trim().to_ascii_lowercase();
    match channel.as_str() {
        "" | "peppol" | "pdf" => info.channel = channel,
        _ => problems.push(msg!(
            "channel-expected",
            key = key,
            found = msg::quoted(&info.channel)
        )),
    }
    let peppol_id = std::mem::take(&mut info.peppol_id);
    if !peppol_id.trim().is_empty() {
        match PeppolId::parse(&peppol_id) {
            Ok(p) => info.peppol_id = p.to_string(),
            Err(e) => problems.push(msg!("recipients-peppol-id", key = key, why = e)),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<BTreeMap<String, RecipientInfo>, String> {
        parse_recipients(text.as_bytes(), Path::new("m.csv")).map_err(|d| d.to_string())
    }

    #[test]
    fn reads_every_column() {
        let r = read("recipient,name,address,postal_address,reference\n1490,Borås Stad,Box 1,501 80 Borås,Ekonomi\nhsnk,HSNK,,,\n").unwrap();
        assert_eq!(r["1490"].name, "Borås Stad");
        assert_eq!(r["1490"].postal_address, "501 80 Borås");
        assert_eq!(r["1490"].reference, "Ekonomi");
        assert_eq!(
            r["hsnk"],
            RecipientInfo {
                name: "HSNK".into(),
                line: 3,
                ..Default::default()
            }
        );
        // Columns in any order and case, some left out.
        let r = read("Name;RECIPIENT\r\nBorås Stad;1490\r\n").unwrap();
        assert_eq!(r["1490"].name, "Borås Stad");
    }

    #[test]
    fn refuses_what_it_would_drop() {
        assert_eq!(
            read("recipient,name,adresse\n1490,Borås,Box 1\n").unwrap_err(),
            "m.csv:1: unknown column \"adresse\" (column 3); did you mean \"adress\"?"
        );
        assert_eq!(
            read("recipient,name,address\n1490,Borås\n").unwrap_err(),
            "m.csv:2: 2 fields, but the header has 3 (recipient,name,address): a field is missing or one too many"
        );
        assert_eq!(
            read("recipient,name\n1490,Borås,x\n").unwrap_err(),
            "m.csv:2: 3 fields, but the header has 2 (recipient,name): a field is missing or one too many"
        );
        assert_eq!(
            read("name,address\nBorås,x\n").unwrap_err(),
            "m.csv:1: missing column recipient: expected the columns recipient,name,address,postal_address,reference,org_nr,peppol_id,order_reference,channel"
        );
        assert_eq!(
            read("recipient,name,Name\n1490,a,b\n").unwrap_err(),
            "m.csv:1: column name appears twice"
        );
        assert_eq!(
            read("recipient,name\n1490,\"Borås\r\n#TRANS\"\n").unwrap_err(),
            "m.csv:2: column name: found a line break (U+000D) at character 6: names and labels are one line of plain text"
        );
        assert_eq!(
            read("recipient,name\n\n1490,a\n1490,b\n").unwrap_err(),
            "m.csv:4: recipient 1490 is listed twice (first on line 3)"
        );
        assert_eq!(
            read("recipient,name\n,a\n").unwrap_err(),
            "m.csv:2: missing recipient (a municipality code or a payer id)"
        );
        assert!(read("").unwrap_err().starts_with("m.csv:1: expected a header"));
    }

    #[test]
    fn swedish_headers() {
        let r = read("Kommunkod;Namn;Adress;Postadress;Er referens;Organisationsnummer;Peppol-id\n1490;Borås Stad;Box 1;501 80 Borås;Ekonomi;212000-1561;0007:2120001561\n").unwrap();
        assert_eq!(r["1490"].name, "Borås Stad");
        assert_eq!(r["1490"].address, "Box 1");
        assert_eq!(r["1490"].postal_address, "501 80 Borås");
        assert_eq!(r["1490"].reference, "Ekonomi");
        assert_eq!(r["1490"].org_nr, "2120001561");
        assert_eq!(r["1490"].peppol_id, "0007:2120001561");
        assert_eq!(
            read("Mottagare;Kommun\nhsnk;HSNK\n").unwrap()["hsnk"].name,
            "HSNK"
        );
        assert_eq!(
            read("Kod;Kommunkod\n1490;1490\n").unwrap_err(),
            "m.csv:1: column recipient appears twice"
        );
        assert_eq!(
            read("Mottagare;Adres\n1490;x\n").unwrap_err(),
            "m.csv:1: unknown column \"Adres\" (column 2); did you mean \"adress\"?"
        );
    }
}
