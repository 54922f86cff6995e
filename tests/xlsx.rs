//! Output for Excel: `--csv-dialect excel-sv`.

use rust_decimal::Decimal;

use crate::support::{avgift, example};

const ACTUALS_2022: &str = "data/sjuharad/actuals/2022.csv";

fn dec(field: &str) -> Decimal {
    field.parse().unwrap_or_else(|_| panic!("a decimal: {field:?}"))
}

#[test]
fn csv_dialect_excel_sv_is_the_same_numbers_for_swedish_excel() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    for args in [
        vec!["calc", t],
        vec!["notes", t],
        vec!["compare", ACTUALS_2022, t],
    ] {
        let plain = avgift(&args).arg("--format").arg("csv").run().ok();
        let sv = avgift(&args).arg("--csv-dialect").arg("excel-sv").run().ok();
        let body = sv.strip_prefix('\u{feff}').expect("a byte order mark");
        assert!(body.lines().next().unwrap().contains(';'), "{}", &body[..80]);
        assert!(body.contains("\r\n"));
        let read = |text: &str, delimiter: u8| -> Vec<Vec<String>> {
            csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect()
        };
        let (p, s) = (read(&plain, b','), read(body, b';'));
        assert_eq!(p.len(), s.len());
        let header = &p[0];
        for (pr, sr) in p.iter().zip(&s).skip(1) {
            for ((name, pf), sf) in header.iter().zip(pr).zip(sr) {
                let numeric = ["amount", "tkr", "previous_tkr", "a", "b"].contains(&name.as_str())
                    || name.starts_with("delta")
                    || name.ends_with("_effect");
                if numeric && !pf.is_empty() {
                    assert!(!sf.contains('.') && !sf.contains(' '), "{name}: {sf}");
                    assert_eq!(dec(&sf.replace(',', ".")), dec(pf), "{name}");
                } else {
                    assert_eq!(sf, pf, "{name}");
                }
            }
        }
    }
    let sv = avgift(["calc", t, "--csv-dialect", "excel-sv"]).run().ok();
    assert!(
        sv.contains(";1490;Borås;dso;114 091 inv × 6,53 kr + 135 000 kr;880014,00\r\n"),
        "{sv}"
    );
    // Only for CSV.
    let run = avgift(["calc", t, "--csv-dialect", "excel-sv", "--format", "json"]).run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("--csv-dialect applies to CSV output only"),
        "{}",
        run.stderr
    );
}
