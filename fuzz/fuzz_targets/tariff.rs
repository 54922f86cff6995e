//! The tariff reader, and the engine on whatever it accepts: a small fixed
//! population and last year's actuals, so every rule kind can run.
#![no_main]

use std::path::Path;

use avgift::engine::{compute, Inhabitants, Population};
use avgift::read::actuals::parse_actuals;
use avgift::read::tariff::parse_tariff;
use avgift::read::weights::parse_weights;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loader = |file: &str, column: &str| {
        parse_weights(b"code,anstallda\n1490,30\n1463,12\n1465,0\n", Path::new(file), column)
    };
    let Ok(loaded) = parse_tariff(text, Path::new("fuzz.toml"), &loader) else { return };
    let population: Population = [(1490, "Borås", 114_091), (1463, "Mark", 35_201), (1465, "Svenljunga", 10_864), (1383, "Varberg", 0)]
        .into_iter()
        .filter_map(|(c, n, p)| Some((avgift::engine::Code::new(c)?, Inhabitants { name: n.into(), count: p })))
        .collect();
    let previous = parse_actuals(
        b"year,activity,kind,code,party,amount\n2022,A,municipality,1490,B,1601000\n2022,A,municipality,1463,M,-5\n",
        Path::new("prev.csv"),
    )
    .ok();
    let _ = compute(&loaded.tariff, &population, previous.as_ref());
});
