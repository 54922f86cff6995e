//! The SCB import on small exports of every layout.

use std::path::Path;

use super::csv::{classify, HeaderColumn};
use super::json_stat::{children, flat_index, locate, Lines};
use super::table::{choose_period, resolve, split_region, RegionRef};
use super::vocabulary::{region_by_name, Region};
use super::*;
use crate::engine::code::Code;

fn file() -> &'static Path {
    Path::new("f")
}

fn import_text(text: &str, year: Option<&str>) -> Result<Imported, Diagnostics> {
    let opts = ImportOptions {
        year: year.map(String::from),
        skip_regions: false,
    };
    import(text.as_bytes(), file(), &opts)
}

fn rows(i: &Imported) -> Vec<(String, u64)> {
    i.population
        .iter()
        .map(|(c, r)| (c.to_string(), r.count))
        .collect()
}

fn messages(e: Diagnostics) -> Vec<String> {
    e.iter().map(|d| d.to_string()).collect()
}

#[test]
fn names_match_exactly_after_trimming_in_any_case() {
    let code = |n: &str| municipality_by_name(n).map(|c| c.to_string());
    assert_eq!(code("Upplands Väsby").as_deref(), Some("0114"));
    assert_eq!(code("  upplands  väsby ").as_deref(), Some("0114"));
    assert_eq!(code("MALUNG-SÄLEN").as_deref(), Some("2023"));
    assert_eq!(code("Upplands-Bro").as_deref(), Some("0139"));
    assert_eq!(code("Borås").as_deref(), Some("1490"));
    assert_eq!(code("Boras").as_deref(), Some("1490"));
    assert_eq!(code("Borås kommun").as_deref(), Some("1490"));
    assert_eq!(code("Ulricehamns kommun").as_deref(), Some("1491"));
    assert_eq!(code("Borås Stad").as_deref(), Some("1490"));
    assert_eq!(region_by_name("Riket"), Some(Region::Country));
    assert_eq!(region_by_name("västra götalands län"), Some(Region::County(14)));
    assert_eq!(
        region_by_name("Gotland"),
        Some(Region::Municipality(Code::new(980).unwrap()))
    );
    assert_eq!(region_by_name("Gotlands län"), Some(Region::County(9)));
}

#[test]
fn regions_as_codes_names_or_both() {
    let r = |s: &str| resolve(&split_region(s)).map_err(|e| e.to_string());
    let borås = Ok(Region::Municipality(Code::new(1490).unwrap()));
    assert_eq!(r("1490"), borås);
    assert_eq!(r("1490 Borås"), borås);
    assert_eq!(r("Borås"), borås);
    assert_eq!(
        r("127 Botkyrka"),
        Ok(Region::Municipality(Code::new(127).unwrap()))
    );
    assert_eq!(r("00 Riket"), Ok(Region::Country));
    assert_eq!(r("00"), Ok(Region::Country));
    assert_eq!(r("01 Stockholms län"), Ok(Region::County(1)));
    assert_eq!(r("Stockholms län"), Ok(Region::County(1)));
    assert!(r("1400").unwrap_err().contains("not a municipality code"));
    assert!(r("02")
        .unwrap_err()
        .contains("neither a county nor a municipality"));
    assert!(r("1490 Vårgårda").unwrap_err().contains("1490 is Borås"));
    assert!(r("Sjuhärad").unwrap_err().contains("unknown municipality"));
    assert_eq!(r("Borås kommun"), borås);
    assert_eq!(r("1490 Borås Stad"), borås);
    assert_eq!(
        r("Borsås").unwrap_err(),
        "unknown municipality \"Borsås\"; did you mean \"Torsås\" (0834), \"Borås\" (1490) or \"Orsa\" (2034)?"
    );
    // A JSON-stat label that repeats the code.
    let both = RegionRef {
        code: Some("1490".into()),
        name: Some("1490 Borås".into()),
    };
    assert_eq!(resolve(&both).map_err(|e| e.to_string()), borås);
}

#[test]
fn periods_as_pxweb_writes_them() {
    assert_eq!(period("2021").as_deref(), Some("2021"));
    assert_eq!(period("2022m12").as_deref(), Some("2022M12"));
    assert_eq!(period("2022K4").as_deref(), Some("2022K4"));
    assert_eq!(period("2022Q1").as_deref(), Some("2022Q1"));
    for bad in ["2022M13", "2022K5", "202", "0127", "1490x", "år", "20211"] {
        assert_eq!(period(bad), None, "{bad}");
    }
    assert_eq!(
        classify("Folkmängd 2021"),
        HeaderColumn::Figures(Some("2021".into()))
    );
    assert_eq!(classify("Befolkning"), HeaderColumn::Figures(None));
    assert_eq!(classify("kön"), HeaderColumn::Other("kön".into()));
}

#[test]
fn choosing_the_year() {
    let choose_period = |periods: &[String], year| choose_period(periods, year).map_err(|e| e.to_string());
    let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(choose_period(&p(&["2021"]), None), Ok(Some("2021".into())));
    assert_eq!(choose_period(&p(&[]), None), Ok(None));
    assert_eq!(choose_period(&p(&[]), Some("2021")), Ok(Some("2021".into())));
    assert_eq!(
        choose_period(&p(&["2020", "2021"]), Some("2021")),
        Ok(Some("2021".into()))
    );
    assert_eq!(
        choose_period(&p(&["2020", "2021"]), None),
        Err("figures for several years (2020, 2021): choose one with --year".into())
    );
    assert_eq!(
        choose_period(&p(&["2020", "2021"]), Some("2019")),
        Err("no figures for 2019: the file has 2020, 2021".into())
    );
    let months = p(&["2022M06", "2022M12"]);
    assert_eq!(
        choose_period(&months, Some("2022m12")),
        Ok(Some("2022M12".into()))
    );
    assert!(choose_period(&months, Some("2022"))
        .unwrap_err()
        .contains("matches 2022M06, 2022M12"));
    assert_eq!(
        choose_period(&p(&["2021M12"]), Some("2021")),
        Ok(Some("2021M12".into()))
    );
}

#[test]
fn flat_index_is_row_major() {
    // Region × Kön × Tid with sizes 3 × 2 × 4: the last dimension varies fastest.
    let size = [3, 2, 4];
    assert_eq!(flat_index(&size, &[0, 0, 0]), Some(0));
    assert_eq!(flat_index(&size, &[0, 0, 3]), Some(3));
    assert_eq!(flat_index(&size, &[0, 1, 0]), Some(4));
    assert_eq!(flat_index(&size, &[1, 0, 0]), Some(8));
    assert_eq!(flat_index(&size, &[2, 1, 3]), Some(23));
    assert_eq!(flat_index(&size, &[3, 0, 0]), None);
    assert_eq!(flat_index(&size, &[0, 0]), None);
    assert_eq!(flat_index(&[], &[]), Some(0));
    assert_eq!(flat_index(&[2, usize::MAX], &[1, 1]), None);
}

/// A JSON-stat dataset with Region × ContentsCode × Tid, values as given.
fn dataset(ids: &str, size: &str, tid_index: &str, values: &str) -> String {
    format!(
        r#"{{"version":"2.0","class":"dataset","id":{ids},"size":{size},
"dimension":{{
 "Region":{{"category":{{"index":{{"1490":1,"1442":0}},"label":{{"1490":"Borås","1442":"Vårgårda"}}}}}},
 "ContentsCode":{{"category":{{"index":{{"BE0101N1":0}},"label":{{"BE0101N1":"Folkmängd"}}}}}},
 "Tid":{{"category":{{"index":{tid_index}}}}}
}},
"value":{values}}}"#
    )
}

#[test]
fn json_stat_values_follow_id_and_size_whatever_the_order() {
    // Region first: [Vårgårda 2020, Vårgårda 2021, Borås 2020, Borås 2021].
    let a = dataset(
        r#"["Region","ContentsCode","Tid"]"#,
        "[2,1,2]",
        r#"["2020","2021"]"#,
        "[12000,12180,113952,114091]",
    );
    // Tid first: [2020 Vårgårda, 2020 Borås, 2021 Vårgårda, 2021 Borås].
    let b = dataset(
        r#"["Tid","Region","ContentsCode"]"#,
        "[2,2,1]",
        r#"{"2021":1,"2020":0}"#,
        r#"{"0":12000,"1":113952,"2":12180,"3":114091}"#,
    );
    for text in [a, b] {
        let i = import_text(&text, Some("2021")).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(i.layout, ExportLayout::JsonStat);
        assert_eq!(i.periods, ["2020", "2021"]);
        assert_eq!(
            rows(&i),
            [("1442".to_string(), 12_180), ("1490".to_string(), 114_091)]
        );
        let i = import_text(&text, Some("2020")).unwrap();
        assert_eq!(
            rows(&i),
            [("1442".to_string(), 12_000), ("1490".to_string(), 113_952)]
        );
    }
}

#[test]
fn json_stat_problems_name_the_value_and_its_line() {
    let text = dataset(
        r#"["Region","ContentsCode","Tid"]"#,
        "[2,1,1]",
        r#"["2021"]"#,
        "[\n12180,\nnull\n]",
    );
    let e = import_text(&text, None).unwrap_err();
    assert_eq!(
        messages(e),
        ["f:9: value[1] (Region 1490 Borås, Tid 2021): missing figure"]
    );
    let text = dataset(
        r#"["Region","ContentsCode","Tid"]"#,
        "[2,1,1]",
        r#"["2021"]"#,
        "[1,2,3]",
    );
    let e = import_text(&text, None).unwrap_err();
    assert!(e.to_string().contains("3 values, expected 2"), "{e}");
    let text = dataset(r#"["Region","ContentsCode"]"#, "[2,1]", r#"["2021"]"#, "[1,2]");
    let i = import_text(&text, None).unwrap();
    assert_eq!((i.period, i.periods.len()), (None, 0));
    let e = import_text(r#"{"version":"2.0","class":"collection"}"#, None).unwrap_err();
    assert!(e.to_string().contains("found class \"collection\""), "{e}");
    let e = import_text("{\n\"class\": \"dataset\",\n\"value\": [1,}", None).unwrap_err();
    assert!(e.to_string().starts_with("f:3: not valid JSON"), "{e}");
}

#[test]
fn locating_json_members() {
    let text =
        "{\n \"a\": {\"x\": [1, {\"y\": \"}\"}],\n  \"b\\u0022\": 2},\n \"value\": [\n  7,\n  8\n ]\n}";
    let lines = Lines::new(text);
    let at = |path: &[&str]| locate(text, path).map(|o| lines.line(o));
    assert_eq!(at(&["a", "b\""]), Some(3));
    assert_eq!(at(&["value"]), Some(4));
    assert_eq!(at(&["a", "missing"]), None);
    let values: Vec<(String, usize)> = children(text, &["value"])
        .into_iter()
        .map(|(k, o)| (k, lines.line(o)))
        .collect();
    assert_eq!(values, [("0".to_string(), 5), ("1".to_string(), 6)]);
    // A key given twice is its last value, as serde_json's `Value` reads it.
    let twice = "{\"a\": 1,\n\"a\": 2}";
    assert_eq!(locate(twice, &["a"]).map(|o| Lines::new(twice).line(o)), Some(2));
    assert_eq!(locate("[1]", &["a"]), None);
    assert_eq!(children("{\"a\": 3}", &["a"]), []);
}

#[test]
fn csv_title_lines_label_columns_and_footnotes() {
    let text = "\"Folkmängd efter region, ålder och år\"\n\n\"region\",\"ålder\",\"2020\",\"2021\"\n\
\"1490 Borås\",\"totalt ålder\",113952,114091\n\"1442 Vårgårda\",\"totalt ålder\",12000,12180\n\n\
\"Källa: SCB\"\n";
    let i = import_text(text, Some("2021")).unwrap();
    assert_eq!(i.layout, ExportLayout::PxWebColumns);
    assert_eq!(i.regions.to_string(), "code and name");
    assert_eq!(
        rows(&i),
        [("1442".to_string(), 12_180), ("1490".to_string(), 114_091)]
    );
    // A one-field line inside the table is no footnote.
    let text = "region;2021\n1490;114091\nBorås\n";
    assert_eq!(
        messages(import_text(text, None).unwrap_err()),
        ["f:3: expected 2 fields as in the header (line 1), found 1"]
    );
    let e = import_text("Folkmängd\n\nkommun och år\n", None).unwrap_err();
    assert!(e.to_string().starts_with("f:1: no table header found"), "{e}");
}

#[test]
fn json_stat_places_show_control_characters_as_code_points_and_duplicates_name_the_first_value() {
    let text = r#"{"version":"2.0","class":"dataset","id":["Region","Tid"],"size":[3,1],
"dimension":{
 "Region":{"category":{"index":["1490","1490","1442"],"label":{"1490":"Borås","1442":"Vårgårda\tX"}}},
 "Tid":{"category":{"index":["2021"]}}
},
"value":[1,2,3]}"#;
    let e = import_text(text, None).unwrap_err();
    assert_eq!(
        messages(e),
        [
            "f:6: value[1] (Region 1490 Borås, Tid 2021): duplicate municipality 1490 (Borås): already at value[0]",
            "f:3: dimension Region, category \"1442\" (Vårgårda<U+0009>X): code 1442 is Vårgårda, but the name says \"Vårgårda<U+0009>X\"",
        ]
    );
}
