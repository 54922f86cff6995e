//! The SCB importer on any bytes, with and without a chosen year.
#![no_main]

use avgift::read::scb::{import, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.csv");
    let _ = import(data, path, &ImportOptions::default());
    let _ = import(data, path, &ImportOptions { year: Some("2021".into()), skip_regions: true });
});
