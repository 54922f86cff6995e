//! The invoice PDF: layout, text, fonts and the file.

use super::canvas::*;
use super::fonts::*;
use super::geometry::*;
use super::invoice::*;
use super::text::*;
use super::*;

fn party(name: &str, org_nr: &str, address: &[&str], bankgiro: &str, contact: &[&str]) -> Party {
    Party {
        name: name.to_string(),
        org_nr: org_nr.to_string(),
        address: address.iter().map(|s| s.to_string()).collect(),
        bankgiro: bankgiro.to_string(),
        contact: contact.iter().map(|s| s.to_string()).collect(),
    }
}

fn line(activity: &str, basis: &str, amount: &str) -> InvoiceLine {
    InvoiceLine {
        activity: activity.to_string(),
        basis: basis.to_string(),
        amount: amount.to_string(),
    }
}

/// Borås's invoice for 2023.
fn boras() -> InvoiceDoc {
    InvoiceDoc {
        kind: "Faktura".to_string(),
        draft: false,
        number: Some("1001".to_string()),
        issuer: party(
            "Boråsregionen Sjuhärads kommunalförbund",
            "222000-1552",
            &["Box 55", "501 13 Borås"],
            "5050-1055",
            &["Vår referens: Ekonomienheten", "Telefon 033-35 86 00"],
        ),
        recipient: party(
            "Borås Stad",
            "212000-1561",
            &["Kommunstyrelsen", "501 80 Borås"],
            "",
            &["Er referens: Ekonomiavdelningen"],
        ),
        invoice_date: "2024-01-15".to_string(),
        due_date: "2024-02-14".to_string(),
        reference_note: None,
        lines: vec![
            line(
                "Medlemsavgift Förbundskansli",
                "114 091 inv × 12,75 kr",
                "1 454 660 kr",
            ),
            line(
                "Medlemsavgift Administration",
                "114 091 inv × 9,20 kr",
                "1 049 637 kr",
            ),
            line(
                "Medlemsavgift Regional utveckling inklusive medfinansiering DRUM",
                "114 091 inv × 11,05 kr + 114 091 inv × 37 kr (medfinansiering DRUM, Delregional \
                 utvecklingsmiljö)",
                "5 482 073 kr",
            ),
            line(
                "Medlemsavgifter Dataskyddsombud (DSO)",
                "114 091 inv × 6,53 kr + 135 000 kr",
                "880 014 kr",
            ),
            line(
                "Medarbetarcentrum (MC)",
                "Avtal 2022: 1 520 000 kr × 1,025",
                "1 558 000 kr",
            ),
            line(
                "Vård- och omsorgscollege",
                "Andel 38,68 % av 1 200 000 kr",
                "464 160 kr",
            ),
            line(
                "Navet science center",
                "Avtal 2022: 2 731 707 kr × 1,025",
                "2 800 000 kr",
            ),
            line("Närvårdssamverkan (NVS)", "114 091 inv × 6 kr", "684 546 kr"),
            line("Business Region Borås", "114 091 inv × 6 kr", "684 546 kr"),
        ],
        total: "14 557 636 kr".to_string(),
        total_label: String::new(),
        payment: vec![
            "Betala till bankgiro 5050-1055 senast 2024-02-14.".to_string(),
            "Ange fakturanummer 1001 som referens.".to_string(),
        ],
        payment_box: vec![
            ("Bankgiro".to_string(), "5050-1055".to_string()),
            ("OCR-nummer".to_string(), "202410013".to_string()),
            ("Att betala".to_string(), "14 557 636 kr".to_string()),
            ("Förfallodatum".to_string(), "2024-02-14".to_string()),
        ],
        vat_statement: "Avgifterna är inte momspliktiga: kommunal samverkan inom förbundet (3 kap. \
                        mervärdesskattelagen)."
            .to_string(),
        footer: "avgift 0.1.0 · indata SHA-256 \
                 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            .to_string(),
        deflate_level: 0,
    }
}

/// The text of every page, as a PDF reader extracts it.
fn extract(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| doc.extract_text(&[*n]).expect("text extracts"))
        .collect()
}

/// Writes sample invoices to `target/` to look at:
/// `cargo test --lib write::pdf::tests::sample -- --ignored`.
#[test]
#[ignore]
fn sample() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).expect("target/");
    for (name, doc) in pinned_docs().into_iter().take(2) {
        std::fs::write(dir.join(format!("sample-{name}.pdf")), render(&doc)).expect("written");
    }
}

#[test]
fn final_invoice_shows_recipient_number_amounts_and_total() {
    let doc = boras();
    let pages = extract(&render(&doc));
    assert_eq!(pages.len(), 1);
    let text = &pages[0];
    for expected in [
        "Borås Stad",
        "FAKTURA",
        "Fakturanummer",
        "1001",
        "Fakturadatum",
        "2024-01-15",
        "Förfallodatum",
        "2024-02-14",
        "Verksamhet",
        "Underlag",
        "Belopp",
        "Medlemsavgifter Dataskyddsombud",
        "114 091 inv × 6,53 kr + 135 000 kr",
        "Summa att betala",
        "14 557 636 kr",
        "Org.nr 222000-1552",
        "Bankgiro 5050-1055",
        "Ange fakturanummer 1001 som referens.",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Sida 1 av 1",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    for l in &doc.lines {
        assert!(text.contains(&l.amount), "{:?} missing from:\n{text}", l.amount);
    }
    assert!(!text.contains("UTKAST"));
}

#[test]
fn draft_shows_utkast_and_no_number() {
    let mut doc = boras();
    doc.draft = true;
    doc.number = None;
    doc.kind = "Kreditfaktura".to_string();
    doc.reference_note = Some("Kreditering av faktura 1001".to_string());
    let text = extract(&render(&doc)).concat();
    assert!(text.contains("UTKAST"), "{text}");
    assert!(text.contains("KREDITFAKTURA"), "{text}");
    assert!(text.contains("Kreditering av faktura 1001"), "{text}");
    assert!(!text.contains("Fakturanummer"), "{text}");

    // A number given with a draft is not shown either.
    doc.number = Some("4711".to_string());
    let text = extract(&render(&doc)).concat();
    assert!(!text.contains("4711"), "{text}");
}

#[test]
fn swedish_characters_and_spaces_extract_as_written() {
    let mut doc = boras();
    doc.recipient.name = "Vårgårda kommun".to_string();
    doc.recipient.address = vec!["ÅÄÖ åäö É é".to_string()];
    doc.lines = vec![line(
        "Närvårdssamverkan – Ödeshög",
        "12\u{a0}180 inv × 6 kr\u{202f}+ 1\u{2009}000 kr",
        "74\u{a0}080 kr",
    )];
    let text = extract(&render(&doc)).concat();
    for expected in [
        "Vårgårda kommun",
        "ÅÄÖ åäö É é",
        "Närvårdssamverkan – Ödeshög",
        "12\u{a0}180 inv × 6 kr\u{202f}+ 1\u{2009}000 kr",
        "74\u{a0}080 kr",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
}

#[test]
fn many_lines_span_pages_and_every_amount_is_found() {
    let mut doc = boras();
    doc.lines = (0..120)
        .map(|i| {
            line(
                &format!("Verksamhet nummer {i}"),
                &format!("{i} inv × 6,53 kr + 135 000 kr"),
                &format!("{} {:03} kr", 100 + i, i),
            )
        })
        .collect();
    let pages = extract(&render(&doc));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Sida {} av {n}", i + 1)),
            "page {i}:\n{page}"
        );
    }
    // The table header is repeated on every page the table reaches.
    let with_header = pages
        .iter()
        .filter(|p| p.contains("Verksamhet\n") || p.contains("Belopp\n"))
        .count();
    assert!(with_header >= n - 1, "header on {with_header} of {n} pages");
    let all = pages.concat();
    for l in &doc.lines {
        assert!(
            all.contains(&format!("\n{}\n", l.amount)),
            "{:?} missing",
            l.amount
        );
    }
    assert!(pages[n - 1].contains("Summa att betala"));
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let doc = boras();
    assert_eq!(render(&doc), render(&doc));
    let mut draft = boras();
    draft.draft = true;
    assert_eq!(render(&draft), render(&draft));
    assert_ne!(render(&doc), render(&draft));
}

#[test]
fn empty_issuer_renders_without_invented_fields() {
    let mut doc = boras();
    doc.issuer = Party::default();
    doc.recipient.org_nr.clear();
    let text = extract(&render(&doc)).concat();
    assert!(text.contains("Borås Stad"));
    assert!(!text.contains("Org.nr"), "{text}");
    assert!(!text.contains("Bankgiro 5050"), "{text}");
    // Nothing at all given still renders.
    let text = extract(&render(&InvoiceDoc::default())).concat();
    assert!(text.contains("FAKTURA") && text.contains("Sida 1 av 1"), "{text}");
}

/// Everything too long, missing, or out of the font's reach.
fn hostile() -> InvoiceDoc {
    let long = "Långt".repeat(400);
    let words = "ord ".repeat(3000);
    InvoiceDoc {
        kind: "Kreditfaktura med ett mycket långt namn som inte får plats på en rad alls".to_string(),
        draft: true,
        number: Some(long.clone()),
        issuer: party(&long, &long, &[&long, &words], &long, &[&words]),
        recipient: party(&words, "\u{0}\u{7}\t\r\n", &["漢字 🧾 \u{fffd}"], "", &[]),
        invoice_date: long.clone(),
        due_date: "\n\n\n".to_string(),
        reference_note: Some(words.clone()),
        lines: (0..200)
            .map(|i| match i % 50 {
                0 => line(&long, &words, &long),
                _ => {
                    let activity: String = long.chars().take((i * 7) % 1000).collect();
                    line(&activity, &words[..(i * 37) % 900], "1 kr")
                }
            })
            .collect(),
        total: long.clone(),
        total_label: String::new(),
        payment: vec![words.clone(); 3],
        payment_box: vec![(words.clone(), words.clone()); 4],
        vat_statement: words.clone(),
        footer: words.clone(),
        deflate_level: 0,
    }
}

#[test]
fn hostile_input_renders() {
    let mut doc = hostile();
    let pages = extract(&render(&doc));
    assert!(pages.len() > 10);
    assert!(pages[0].contains("UTKAST"));
    assert!(
        pages[0].contains("?? ?"),
        "characters the font lacks are drawn as '?'"
    );
    doc.draft = false;
    assert!(extract(&render(&doc))[0].contains("Fakturanummer"));

    // Decomposed letters are composed; control characters are spaces.
    let doc = InvoiceDoc {
        lines: vec![line(
            "Va\u{30a}rga\u{30a}rda",
            "Bore\u{301}n\tX\u{7}Y",
            "1\u{200b}0 kr",
        )],
        ..InvoiceDoc::default()
    };
    let text = extract(&render(&doc)).concat();
    assert!(
        text.contains("Vårgårda") && text.contains("Borén X Y") && text.contains("10 kr"),
        "{text}"
    );
}

#[test]
fn nothing_is_drawn_outside_the_margins() {
    let fonts = Fonts::load();
    let mut doc = boras();
    doc.lines.push(line(
        "Verksamhetsövergripandeutvecklingsprojektfinansieringsavgift",
        &"114 091 inv × 6,53 kr + 135 000 kr; ".repeat(30),
        "1 234 567 890 123 456 789 kr",
    ));
    doc.issuer.name = "Sjuhäradsbygdens ".repeat(20);
    let many = InvoiceDoc {
        lines: vec![doc.lines[9].clone(); 90],
        ..doc.clone()
    };
    for doc in [doc, many, hostile()] {
        for op in layout(&doc, &fonts).iter().flatten() {
            let (x1, x2, y1, y2, what) = match op {
                Op::Text { diagonal: true, .. } => continue,
                Op::Text {
                    x,
                    y,
                    size,
                    weight,
                    text,
                    ..
                } => {
                    let w = fonts.get(*weight).width(text, *size);
                    (*x, x + w, y - size, *y, text.clone())
                }
                Op::Rect { x, y, w, h, .. } => (*x, x + w, *y, y + h, "rectangle".to_string()),
                Op::HLine { x1, x2, y, .. } => (*x1, *x2, *y, *y, "line".to_string()),
            };
            assert!(
                x1 >= LEFT - 0.01 && x2 <= RIGHT + 0.01,
                "{what:?} from x {x1} to {x2}"
            );
            let body = y1 >= TOP - 14.0 && y2 <= BODY_BOTTOM;
            let footer = y1 >= FOOTER_RULE - 0.01 && y2 <= PAGE_H - 10.0;
            assert!(body || footer, "{what:?} from y {y1} to {y2}");
        }
    }
}

#[test]
fn table_cells_stay_in_their_columns() {
    let fonts = Fonts::load();
    let basis = "114 091 inv × 6,53 kr + 135 000 kr, 9 634 inv × 6,53 kr + 135 000 kr och ".repeat(4);
    let lines = wrap(&fonts.regular, &basis, TABLE_SIZE, COL_BASIS_W);
    assert!(lines.len() > 3);
    for l in &lines {
        assert!(fonts.regular.width(l, TABLE_SIZE) <= COL_BASIS_W, "{l:?}");
        // Grouped numbers and units stay whole.
        assert!(
            !l.ends_with("114") && !l.starts_with("091") && !l.starts_with("kr"),
            "{l:?}"
        );
    }
    assert_eq!(lines.join(" "), basis.trim_end());
    let pieces = wrap(
        &fonts.regular,
        "Vård-/omsorgscollegeverksamhetsutveckling",
        TABLE_SIZE,
        60.0,
    );
    assert!(pieces.len() > 1 && pieces[0].ends_with(['-', '/']), "{pieces:?}");
}

#[test]
fn font_is_embedded_as_a_subset_with_tounicode() {
    let pdf = render(&boras());
    let doc = lopdf::Document::load_mem(&pdf).expect("parses");
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0") {
            fonts += 1;
            let base = dict.get(b"BaseFont").and_then(|b| b.as_name()).expect("BaseFont");
            assert_eq!(base.get(6), Some(&b'+'), "{}", String::from_utf8_lossy(base));
            assert!(dict.get(b"ToUnicode").is_ok());
        }
    }
    assert_eq!(fonts, 2);
    let files = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Length1").is_ok())
        .count();
    assert_eq!(files, 2);
    assert!(pdf.len() < 120_000, "{} bytes", pdf.len());
}

#[test]
fn fonts_parse_with_tabular_digits_and_the_characters_used() {
    let fonts = Fonts::load();
    for font in [&fonts.regular, &fonts.bold] {
        assert!(font.face.is_some());
        let zero = font.glyph('0').width;
        for d in '0'..='9' {
            assert_eq!(font.glyph(d).width, zero, "{d} in {}", font.name);
        }
        for c in "åäöÅÄÖé×–…?".chars() {
            assert_eq!(font.glyph(c).key, c, "{c} in {}", font.name);
        }
        assert_eq!(font.glyph('漢').key, '?');
    }
}

/// A document deflated at a lower level holds the same objects, each
/// stream the same once inflated; only the compressed bytes differ. With
/// more pages than one thread deflates, the bytes are those of one pass.
#[test]
fn a_lower_deflate_level_changes_only_the_compressed_bytes() {
    let mut most = boras();
    most.lines = (0..400).flat_map(|_| boras().lines).collect();
    let mut usual = most.clone();
    usual.deflate_level = 6;
    let (a, b) = (render(&most), render(&usual));
    assert_ne!(a, b);
    assert_eq!(b, render(&usual));
    let (a, b) = (
        lopdf::Document::load_mem(&a).expect("parses"),
        lopdf::Document::load_mem(&b).expect("parses"),
    );
    assert!(a.get_pages().len() >= 8, "{} pages", a.get_pages().len());
    assert_eq!(
        a.objects.keys().collect::<Vec<_>>(),
        b.objects.keys().collect::<Vec<_>>()
    );
    let mut streams = 0;
    for (id, x) in &a.objects {
        let y = &b.objects[id];
        match (x.as_stream(), y.as_stream()) {
            (Ok(x), Ok(y)) => {
                let inflated = |s: &lopdf::Stream| s.decompressed_content().expect("inflates");
                assert_eq!(inflated(x), inflated(y), "object {id:?}");
                streams += 1;
            }
            _ => assert_eq!(x, y, "object {id:?}"),
        }
    }
    assert!(streams > 8, "{streams} streams");
}

/// The invoices of every kind this layout draws, each as its SHA-256:
/// a final invoice, a draft credit note over many pages, one with nothing
/// given, and the hostile one.
fn pinned_docs() -> Vec<(&'static str, InvoiceDoc)> {
    let mut draft = boras();
    draft.draft = true;
    draft.number = None;
    draft.kind = "Kreditfaktura".to_string();
    draft.reference_note = Some("Kreditering av faktura 1001".to_string());
    draft.lines = (0..40).flat_map(|_| boras().lines).collect();
    vec![
        ("final", boras()),
        ("draft", draft),
        ("empty", InvoiceDoc::default()),
        ("hostile", hostile()),
    ]
}

/// An invoice's bytes are what they were before the layout engine was
/// shared with the letters: these digests were taken from the invoice
/// layout as it stood alone, and must not move.
#[test]
fn invoices_render_the_bytes_they_always_have() {
    let got: Vec<(&str, String)> = pinned_docs()
        .into_iter()
        .map(|(name, doc)| (name, crate::digest::sha256_hex(&render(&doc))))
        .collect();
    let pinned = [
        (
            "final",
            "bf3c401bc6db53399a8a843e2de8e1ba209f999b2c45ea13a06db610e1329683",
        ),
        (
            "draft",
            "44a3f3ff99188f9ee2ee88bd4d684980d2bfe4e59aee925012792290b01d7417",
        ),
        (
            "empty",
            "6f51471b5ab91a86d51982b9ec1a061e0bfb25564dba6a05e6966278044cccf8",
        ),
        (
            "hostile",
            "cc5b2dc10b2393eb8b8230ac4982b3734865a75a11820bf953b9ec81ddd36781",
        ),
    ];
    let got: Vec<(&str, &str)> = got.iter().map(|(n, s)| (*n, s.as_str())).collect();
    assert_eq!(got, pinned);
}
