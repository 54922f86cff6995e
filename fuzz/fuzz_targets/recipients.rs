//! The recipients reader on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = avgift::read::recipients::parse_recipients(data, std::path::Path::new("fuzz.csv"));
});
