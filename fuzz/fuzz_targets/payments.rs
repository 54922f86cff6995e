//! The payment file readers on any bytes: the format recognised by content,
//! and each of BgMax, camt.054 and CSV read directly too, so that every
//! reader sees every input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz");
    let _ = avgift::read::payments::read(path, data);
    let _ = avgift::read::payments::bgmax::read(path, data);
    let _ = avgift::read::payments::camt::read(path, data);
    let _ = avgift::read::payments::csv::read(path, data);
});
